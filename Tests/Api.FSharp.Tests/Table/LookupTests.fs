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

/// Lookup<'T> is a struct over a Result, and a default Result is `Ok null`. So a default
/// lookup (Lookup<_>(), Array.zeroCreate, a field not yet set) matches Alive with a null resource, and
/// Lookup.toResult answers Ok null: F# code meets null, which the package promises it never does. A
/// default lookup should say what a default handle says: Unknown.
[<Fact>]
let ``A default lookup is Unknown, never Alive with a null resource`` () =
    let fresh = Lookup<Thing>()
    let zeroed = (Array.zeroCreate<Lookup<Thing>> 1).[0]
    Assert.Equal("unknown", describe fresh)
    Assert.Equal("unknown", describe zeroed)
    Assert.Equal("Error (Unknown 0L)", sprintf "%A" (Lookup.toResult fresh))
