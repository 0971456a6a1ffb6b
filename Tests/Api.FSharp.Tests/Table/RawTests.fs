module Tether.FSharp.Tests.Table.RawTests

open System
open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

type Owned() =
    member val Disposed = 0 with get, set
    interface IDisposable with
        member o.Dispose() = o.Disposed <- o.Disposed + 1

[<Fact>]
let ``Raw values drop, loosen, tighten, check and convert without LanguageExt`` () =
    use table = HandleTable.createWith (HandleTableOptions(Format = HandleFormat.Compact32)) |> okOrFail
    let thing = Thing "raw"
    let handle = table |> HandleTable.add thing |> okOrFail
    let raw = handle.Raw

    Assert.Equal(Ok(), table |> HandleTable.checkRaw raw)
    Assert.Equal(Ok thing, table |> HandleTable.getRaw<Thing> raw)
    Assert.Equal(Ok(), table |> HandleTable.loosenRaw raw)
    Assert.Equal(Ok Hold.Weak, table |> HandleTable.holdOf handle)
    Assert.Equal(Ok(), table |> HandleTable.tightenRaw raw)
    let compact = table |> HandleTable.toCompactRaw raw |> okOrFail
    Assert.Equal(Ok raw, table |> HandleTable.expandCompact compact)
    Assert.Equal(Ok(), table |> HandleTable.dropRaw raw)
    Assert.Equal(Error(HandleError.Dropped raw), table |> HandleTable.dropRaw raw)
    Assert.Equal(Error(HandleError.Dropped raw), table |> HandleTable.checkRaw raw)
    Assert.Equal(Error(HandleError.Unknown -1L), table |> HandleTable.getRaw<Thing> -1L)
    GC.KeepAlive thing

[<Fact>]
let ``tryGetValue is a voption and allocates nothing`` () =
    use table = HandleTable.create ()
    let thing = Thing "v"
    let handle = table |> HandleTable.add thing |> okOrFail
    Assert.Equal(ValueSome thing, table |> HandleTable.tryGetValue handle)
    // Warm up first: the first calls of shared generic code may allocate its runtime lookups once.
    for _ in 1..1_000 do
        HandleTable.tryGetValue handle table |> ignore
    let before = GC.GetAllocatedBytesForCurrentThread()
    let mutable hits = 0
    for _ in 1..10_000 do
        match HandleTable.tryGetValue handle table with
        | ValueSome _ -> hits <- hits + 1
        | ValueNone -> ()
    // Nothing per call: 10,000 calls stay far below one allocation each (the runtime may allocate a few
    // bytes once, when it tiers the loop up).
    Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0L, 1_000L)
    Assert.Equal(10_000, hits)
    HandleTable.drop handle table |> okOrFail
    Assert.Equal(ValueNone, table |> HandleTable.tryGetValue handle)

[<Fact>]
let ``addOwned, close and the leak report work from F#`` () =
    let table = HandleTable.create ()
    let owned = new Owned()
    table |> HandleTable.addOwned owned |> okOrFail |> ignore
    table |> HandleTable.add (Thing "kept") |> okOrFail |> ignore
    Assert.Equal(2, (table |> HandleTable.leakReport).Total)
    Assert.Equal(Ok(), HandleTable.close table)
    Assert.Equal(1, owned.Disposed)
    Assert.Equal(Ok(), HandleTable.close table)
    Assert.Equal(1, owned.Disposed)

[<Fact>]
let ``Scope has addWeak, addStrong, parent and a leak report`` () =
    use table = HandleTable.create ()
    let scope = Scope.openOn table |> okOrFail
    let child = Scope.openChild scope |> okOrFail
    let strong = child |> Scope.addStrong (Thing "s") |> okOrFail
    let weak = child |> Scope.addWeak (Thing "w") |> okOrFail
    Assert.Equal(Ok Hold.Strong, table |> HandleTable.holdOf strong)
    Assert.Equal(Some scope, Scope.parent child)
    Assert.Equal(None, Scope.parent scope)
    Assert.Equal(1, (Scope.leakReport scope).Total)
    GC.KeepAlive weak

[<Fact>]
let ``HandleError.ofFin is public and turns a core Fin into a Result`` () =
    use table = HandleTable.create ()
    let handle = table |> HandleTable.add (Thing "f") |> okOrFail
    Assert.True((HandleError.ofFin (table.Get handle)) |> Result.isOk)
    Assert.Equal(Error(HandleError.Unknown 5L), HandleError.ofFin (table.Resolve<Thing> 5L) |> Result.map ignore)

