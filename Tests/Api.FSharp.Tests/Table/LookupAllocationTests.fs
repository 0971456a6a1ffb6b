/// What each lookup path allocates per call, in Release (the build the packages ship): the figures the F# guide and
/// the package README state.
module Tether.FSharp.Tests.Table.LookupAllocationTests

open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

let private calls = 10_000

/// A table with one live and one dropped handle; `found` counts the live answers, so no call is optimised away.
let private setup () =
    let table = HandleTable.create ()
    let live = table |> HandleTable.add (Thing "live") |> okOrFail
    let dropped = table |> HandleTable.add (Thing "dropped") |> okOrFail
    HandleTable.drop dropped table |> okOrFail
    table, live, dropped

[<Fact>]
let ``tryGetValue allocates nothing, for a live handle or a dropped one`` () =
    let table, live, dropped = setup ()
    use _ = table
    let found = ref 0
    let perCall handle =
        leastAllocated calls (fun () ->
            match HandleTable.tryGetValue handle table with
            | ValueSome _ -> found.Value <- found.Value + 1
            | ValueNone -> ())
    Assert.Equal(0L, perCall live)
    Assert.Equal(0L, perCall dropped)
    Assert.Equal(0L, leastAllocated calls (fun () -> if (Handle.tryGetValue table live).IsSome then found.Value <- found.Value + 1))
    Assert.Equal(100 + 3 * calls + 100 + 3 * calls, found.Value)

[<Fact>]
let ``A lookup matched with the struct patterns allocates nothing for a live handle`` () =
    let table, live, _ = setup ()
    use _ = table
    let found = ref 0
    let allocated =
        leastAllocated calls (fun () ->
            match HandleTable.lookup live table with
            | AliveValue _ -> found.Value <- found.Value + 1
            | CollectedValue -> ()
            | DroppedValue -> ()
            | _ -> ())
    Assert.Equal(0L, allocated)
    Assert.Equal(100 + 3 * calls, found.Value)

[<Fact>]
let ``get allocates nothing for a live handle`` () =
    let table, live, _ = setup ()
    use _ = table
    Assert.Equal(0L, leastAllocated calls (fun () -> HandleTable.get live table |> ignore))

[<Fact>]
let ``tryGet allocates its Some, 24 B a call, and nothing for None`` () =
    let table, live, dropped = setup ()
    use _ = table
    Assert.Equal(24L * int64 calls, leastAllocated calls (fun () -> HandleTable.tryGet live table |> ignore))
    Assert.Equal(0L, leastAllocated calls (fun () -> HandleTable.tryGet dropped table |> ignore))

[<Fact>]
let ``A lookup matched with the four-case pattern allocates its Choice, 32 B a call`` () =
    let table, live, _ = setup ()
    use _ = table
    let found = ref 0
    let allocated =
        leastAllocated calls (fun () ->
            match HandleTable.lookup live table with
            | Alive _ -> found.Value <- found.Value + 1
            | Collected
            | Dropped
            | Unknown -> ())
    Assert.Equal(32L * int64 calls, allocated)

[<Fact>]
let ``A lookup of a dropped handle allocates its error, whichever pattern matches it`` () =
    let table, _, dropped = setup ()
    use _ = table
    let structs =
        leastAllocated calls (fun () ->
            match HandleTable.lookup dropped table with
            | DroppedValue -> ()
            | _ -> failwith "expected Dropped")
    let choice =
        leastAllocated calls (fun () ->
            match HandleTable.lookup dropped table with
            | Dropped -> ()
            | _ -> failwith "expected Dropped")
    // The core's Dropped error (56 B) and its F# case (32 B); the four-case pattern adds its Choice (32 B).
    Assert.Equal(88L * int64 calls, structs)
    Assert.Equal(120L * int64 calls, choice)
