/// The struct patterns (AliveValue, CollectedValue, DroppedValue, UnknownValue) answer exactly what the four-case
/// pattern answers, for a lookup in every state.
module Tether.FSharp.Tests.Table.LookupStructPatternTests

open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

let private withStructs (lookup: Lookup<Thing>) =
    match lookup with
    | AliveValue thing -> $"alive {thing.Name}"
    | CollectedValue -> "collected"
    | DroppedValue -> "dropped"
    | UnknownValue -> "unknown"
    | _ -> "none of the four"

/// Which of the four struct patterns match: exactly one must.
let private matching (lookup: Lookup<Thing>) =
    [ (match lookup with AliveValue _ -> "alive" | _ -> "")
      (match lookup with CollectedValue -> "collected" | _ -> "")
      (match lookup with DroppedValue -> "dropped" | _ -> "")
      (match lookup with UnknownValue -> "unknown" | _ -> "") ]
    |> List.filter (fun name -> name <> "")

[<Fact>]
let ``Exactly one struct pattern matches a lookup in each state, the one the four-case pattern names`` () =
    use table = HandleTable.create ()
    use other = HandleTable.create ()
    let alive = table |> HandleTable.add (Thing "a") |> okOrFail
    let dropped = table |> HandleTable.add (Thing "d") |> okOrFail
    HandleTable.drop dropped table |> ignore
    let collected = addUnrooted table
    fullGc ()
    let foreign = other |> HandleTable.add (Thing "f") |> okOrFail
    let disposedTable = HandleTable.create ()
    let inDisposed = disposedTable |> HandleTable.add (Thing "x") |> okOrFail
    disposedTable.Dispose()

    let cases =
        [ "alive a", HandleTable.lookup alive table
          "dropped", HandleTable.lookup dropped table
          "collected", HandleTable.lookup collected table
          "unknown", HandleTable.lookup foreign table
          "unknown", HandleTable.lookup Unchecked.defaultof<Handle<Thing>> table
          "dropped", HandleTable.lookup inDisposed disposedTable
          "unknown", Lookup<Thing>() ]
    for expected, lookup in cases do
        Assert.Equal(expected, withStructs lookup)
        Assert.Equal<string list>([ expected.Split(' ').[0] ], matching lookup)
