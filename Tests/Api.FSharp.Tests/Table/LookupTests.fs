module Tether.FSharp.Tests.Table.LookupTests

open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

let describe (lookup: Lookup<Thing>) =
    match lookup with
    | Alive thing -> $"alive {thing.Name}"
    | Collected -> "collected"
    | Dropped -> "dropped"
    | Unknown -> "unknown"

[<Fact>]
let ``A lookup matches Alive, Collected, Dropped or Unknown`` () =
    use table = HandleTable.create ()
    use other = HandleTable.create ()
    let alive = table |> HandleTable.add (Thing "a") |> okOrFail
    let dropped = table |> HandleTable.add (Thing "d") |> okOrFail
    HandleTable.drop dropped table |> ignore
    let collected = addUnrooted table
    fullGc ()
    let foreign = other |> HandleTable.add (Thing "f") |> okOrFail

    Assert.Equal("alive a", describe (HandleTable.lookup alive table))
    Assert.Equal("dropped", describe (HandleTable.lookup dropped table))
    Assert.Equal("collected", describe (HandleTable.lookup collected table))
    Assert.Equal("unknown", describe (HandleTable.lookup foreign table))
    Assert.Equal("unknown", describe (HandleTable.lookup Unchecked.defaultof<Handle<Thing>> table))
    Assert.Equal(Error(HandleError.WrongTable foreign.Raw), Lookup.toResult (HandleTable.lookup foreign table) |> Result.map ignore)

[<Fact>]
let ``After disposal a lookup is Dropped`` () =
    let table = HandleTable.create ()
    let h = table |> HandleTable.add (Thing "x") |> okOrFail
    table.Dispose()
    Assert.Equal("dropped", describe (HandleTable.lookup h table))
