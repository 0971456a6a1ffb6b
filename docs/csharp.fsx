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
#r "examples/bin/Release/net10.0/Tether.Docs.Examples.dll"
#load "../docs-tools/Snippets.fsx"

(**
# C# guide

The snippets on this page come from `docs/examples`, a project the build compiles, and run below.

## Add, pass the integer, resolve it back
*)
(*** include-it-raw ***)
Snippets.csharp "QuickStart.cs" "quick-start"
(*** hide ***)
Tether.Docs.Examples.QuickStart.Run()
(*** include-it ***)

(**
## Match every failure
*)
(*** include-it-raw ***)
Snippets.csharp "QuickStart.cs" "match-errors"
(*** hide ***)
Tether.Docs.Examples.QuickStart.Errors()
(*** include-it ***)

(**
## Scopes
*)
(*** include-it-raw ***)
Snippets.csharp "QuickStart.cs" "scopes"
(*** hide ***)
Tether.Docs.Examples.QuickStart.Scopes()
(*** include-it ***)
