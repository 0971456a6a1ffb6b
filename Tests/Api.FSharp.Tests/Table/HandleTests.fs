module Tether.FSharp.Tests.Table.HandleTests

open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

[<Fact>]
let ``Handle functions take the handle last and agree with HandleTable`` () =
    use table = HandleTable.create ()
    let thing = Thing "h"
    let h = table |> HandleTable.add thing |> okOrFail
    Assert.Equal(h.Raw, h |> Handle.raw)
    Assert.Same(thing, h |> Handle.get table |> okOrFail)
    Assert.Equal(Some thing, h |> Handle.tryGet table)
    Assert.Equal(HandleState.Alive, h |> Handle.state table)
    Assert.Equal(Ok Hold.Strong, h |> Handle.holdOf table)
    Assert.Equal(Ok(), h |> Handle.loosen table)
    Assert.Equal(Ok Hold.Weak, h |> Handle.holdOf table)
    Assert.Equal(Ok(), h |> Handle.tighten table)
    Assert.True(h |> Handle.toCompact table |> Result.isOk)
    match h |> Handle.lookup table with
    | Alive found -> Assert.Same(thing, found)
    | _ -> failwith "expected Alive"
    Assert.Same(thing, h |> Handle.take table |> okOrFail)
    Assert.Equal(Error(HandleError.Dropped h.Raw), h |> Handle.drop table)

/// Issue 14 review: HandleTable has tryGetValue (a voption that allocates nothing) and Handle had no such
/// function, so a pipeline from a handle had to allocate an option or switch the argument order.
[<Fact>]
let ``Handle.tryGetValue is HandleTable.tryGetValue with the handle last, and allocates nothing`` () =
    use table = HandleTable.create ()
    let thing = Thing "v"
    let handle = table |> HandleTable.add thing |> okOrFail
    Assert.Equal(ValueSome thing, handle |> Handle.tryGetValue table)
    for _ in 1..1_000 do
        Handle.tryGetValue table handle |> ignore
    let before = System.GC.GetAllocatedBytesForCurrentThread()
    let mutable hits = 0
    for _ in 1..10_000 do
        match Handle.tryGetValue table handle with
        | ValueSome _ -> hits <- hits + 1
        | ValueNone -> ()
    Assert.InRange(System.GC.GetAllocatedBytesForCurrentThread() - before, 0L, 1_000L)
    Assert.Equal(10_000, hits)
    handle |> Handle.drop table |> okOrFail
    Assert.Equal(ValueNone, handle |> Handle.tryGetValue table)
