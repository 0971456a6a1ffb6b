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
