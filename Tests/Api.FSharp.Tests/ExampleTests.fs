/// The F# example of Api.FSharp/README.md, compiled and run.
module Tether.FSharp.Tests.ExampleTests

open Xunit
open Tether
open Tether.FSharp

[<Fact>]
let ``The README example runs and says what it should`` () =
    let table = HandleTable.create ()
    let mutable said = []
    let say line = said <- said @ [ line ]
    let result =
        handle {
            let! a = table |> HandleTable.add "left"
            let! b = table |> HandleTable.add "right"
            let! left = table |> HandleTable.get a
            and! right = table |> HandleTable.get b
            match HandleTable.lookup a table with
            | Alive text -> say text
            | Collected -> say "the GC took it"
            | Dropped -> say "dropped"
            | Unknown -> say "not ours"
            return left + right
        }
    Assert.Equal(Ok "leftright", result)
    Assert.Equal<string list>([ "left" ], said)
