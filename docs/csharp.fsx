(**
---
title: C# guide
category: Guides
categoryindex: 2
index: 1
---
*)
(*** hide ***)
#r "../Core.CSharp/bin/Release/net10.0/LanguageExt.Core.dll"
#r "../Core.CSharp/bin/Release/net10.0/Tether.Core.dll"
#r "../docs-tools/examples/bin/Release/net10.0/Tether.Docs.Examples.dll"
#load "../docs-tools/Snippets.fsx"

(**
# C# guide

The snippets on this page come from `docs-tools/examples`, a project the build compiles, and run below.
Every snippet assumes these `using` directives:
*)
(*** hide ***)
Snippets.csharp "QuickStart.cs" "usings"
(*** include-it-raw ***)

(**
None of them is `using LanguageExt;`, and the common paths need none: a `Fin` is held in `var` and read with
its own members (`Match`, `Case`, `IsFail`, `ThrowIfFail`). In a project with implicit usings (the default
templates), `using LanguageExt;` makes `HashSet<long>` ambiguous (CS0104), since LanguageExt has a `HashSet`
of its own, as it has `Queue` and `Stack`. Where a type must be named, name it in full
(`LanguageExt.Fin<StringBuilder>`) or alias it (`using FinText = LanguageExt.Fin<System.Text.StringBuilder>;`).

## Add, pass the integer, resolve it back
*)
(*** hide ***)
Snippets.csharp "QuickStart.cs" "quick-start"
(*** include-it-raw ***)
(*** hide ***)
Tether.Docs.Examples.QuickStart.Run()
(*** include-it ***)

(**
## Match every failure
*)
(*** hide ***)
Snippets.csharp "QuickStart.cs" "match-errors"
(*** include-it-raw ***)
(*** hide ***)
Tether.Docs.Examples.QuickStart.Errors()
(*** include-it ***)

(**
## Tables with options
`HandleTable.Create()` gives a table. With options the call is `HandleTable.TryCreate(options)`, named apart
because it gives a `Fin<HandleTable>`: options can be out of range. Take the table out with `Case`, then use it.
*)
(*** hide ***)
Snippets.csharp "QuickStart.cs" "create-with-options"
(*** include-it-raw ***)
(*** hide ***)
Tether.Docs.Examples.QuickStart.WithOptions()
(*** include-it ***)

(**
## Scopes
`OpenScope()` always gives a scope, and `using` drops its handles however the block ends. On a disposed
table the scope is born closed: `IsDisposed` is true and adding through it answers `Disposed`.
*)
(*** hide ***)
Snippets.csharp "QuickStart.cs" "scopes"
(*** include-it-raw ***)
(*** hide ***)
Tether.Docs.Examples.QuickStart.Scopes()
(*** include-it ***)

(**
## What the analyzers say
`Tether.Core` carries three analyzers, for the mistakes whose compiler errors mislead:

- `TETHER001` (warning): the `Fin` of `Add`, `Drop`, `Close` or another member that can fail is ignored, so
  a failure would be lost. Match it, test `IsFail`, or write `_ = table.Drop(handle);` to ignore it on purpose.
- `TETHER002` (error): a member of the table or handle is called on the `Fin` that holds it, as in
  `HandleTable.TryCreate(options).Add(x)` (the compiler says CS0411, naming LanguageExt's `Tuple1Extensions.Add`)
  or `table.Add(x).Raw` (CS1061). Take the value out first, with `Case` or `Match`, as above.
- `TETHER003` (error): `HandleTable.Create(options)` (CS1501). Options go to `TryCreate(options)`; the code fix
  writes `HandleTable.TryCreate(options).Match(Succ: created => created, Fail: error => throw ...)`.
*)

(**
## The READMEs
The C# blocks of the READMEs are code of the same project (a package test checks that every block is
there, line for line); the two that need no browser run here:
*)
(*** hide ***)
Tether.Docs.Examples.Readmes.Root()
(*** include-it ***)
(*** hide ***)
Tether.Docs.Examples.Readmes.Core()
(*** include-it ***)
