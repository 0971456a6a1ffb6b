(**
---
title: F# guide
category: Guides
categoryindex: 2
index: 2
---
*)
(*** hide ***)
#r "../Core.CSharp/bin/Release/net10.0/LanguageExt.Core.dll"
#r "../Core.CSharp/bin/Release/net10.0/Tether.Core.dll"
#r "../Api.FSharp/bin/Release/net10.0/Tether.FSharp.dll"

(**
# F# guide
F# code never meets LanguageExt or null: it gets `option`, `Result<_, HandleError>` and a union of errors.

## Computation expressions
`handle { }` runs over `Result<_, HandleError>`: `let!`, `and!`, `use!` (dropping a scoped handle however
the block ends), `for`, `while` and `try`.
*)
open Tether
open Tether.FSharp

let table = HandleTable.create ()
let left = table |> HandleTable.add "left" |> Result.defaultWith (failwithf "%A")
let right = table |> HandleTable.add "right" |> Result.defaultWith (failwithf "%A")

let joined =
    handle {
        let! a = table |> HandleTable.get left
        and! b = table |> HandleTable.get right
        use! temp = table |> HandleTable.scoped "dropped at the end"
        return $"{a}+{b} (and {temp.Handle})"
    }
(*** include-value: joined ***)

(**
## Every error is a case
*)
HandleTable.drop left table |> ignore
let stale = table |> HandleTable.get left
(*** include-value: stale ***)

(**
## Active patterns
*)
let say h =
    match HandleTable.lookup h table with
    | Alive text -> $"alive: {text}"
    | Collected -> "the GC took it"
    | Dropped -> "dropped"
    | Unknown -> "unknown here"

[ say left; say right ]
(*** include-it ***)

(**
## Tasks
`taskHandle { }` does the same over `Task<Result<_, HandleError>>`, for JS interop: its `let!` takes a
`Task<Result<..>>`, a plain `Task<'T>` or a `Result`.
*)
