module Tether.FSharp.Tests.Table.HandleTableTests

open System
open Xunit
open FsCheck.Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

[<Fact>]
let ``add then get gives back the same resource`` () =
    use table = HandleTable.create ()
    let thing = Thing "a"
    let h = table |> HandleTable.add thing |> okOrFail
    Assert.Same(thing, table |> HandleTable.get h |> okOrFail)
    Assert.Equal(Some thing, table |> HandleTable.tryGet h)
    Assert.Equal(Ok Hold.Strong, table |> HandleTable.holdOf h)
    Assert.Equal(HandleState.Alive, table |> HandleTable.state h)
    Assert.Equal(HandleState.Alive, table |> HandleTable.stateOfRaw h.Raw)

[<Fact>]
let ``hold and addWeak add with the given hold`` () =
    use table = HandleTable.create ()
    let thing = Thing "w"
    let weak = table |> HandleTable.hold Hold.Weak thing |> okOrFail
    let weak2 = table |> HandleTable.addWeak thing |> okOrFail
    Assert.Equal(Ok Hold.Weak, table |> HandleTable.holdOf weak)
    Assert.Equal(Ok Hold.Weak, table |> HandleTable.holdOf weak2)
    Assert.Equal(TableCounts(0, 2, 0, table.Capacity - 2, 0), HandleTable.counts table)
    GC.KeepAlive thing

[<Fact>]
let ``createWith refuses options out of range with InvalidArgument`` () =
    let result = HandleTable.createWith (HandleTableOptions(Capacity = 0))
    Assert.Equal(Error(HandleError.InvalidArgument "capacity 0 is outside 1..16777216 for format Raw53."), result |> Result.map ignore)
    use table = HandleTable.createWith (HandleTableOptions(Capacity = 5)) |> okOrFail
    Assert.Equal(5, table.Capacity)

[<Fact>]
let ``drop ends the handle and a second drop is Dropped`` () =
    use table = HandleTable.create ()
    let h = table |> HandleTable.add (Thing "d") |> okOrFail
    Assert.Equal(Ok(), table |> HandleTable.drop h)
    Assert.Equal(Error(HandleError.Dropped h.Raw), table |> HandleTable.drop h)
    Assert.Equal(Error(HandleError.Dropped h.Raw), table |> HandleTable.get h |> Result.map ignore)
    Assert.Equal(None, table |> HandleTable.tryGet h)

[<Fact>]
let ``take returns the resource and ends the handle`` () =
    use table = HandleTable.create ()
    let thing = Thing "t"
    let h = table |> HandleTable.add thing |> okOrFail
    Assert.Same(thing, table |> HandleTable.take h |> okOrFail)
    Assert.Equal(HandleState.Dropped, table |> HandleTable.state h)

/// Reads the name in a frame of its own, so no temporary of the test keeps the resource alive.
[<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
let nameOf table (h: Handle<Thing>) = (table |> HandleTable.get h |> okOrFail).Name

[<Fact>]
let ``loosen lets the GC collect and tighten keeps a live resource`` () =
    use table = HandleTable.create ()
    let h = addUnrooted table
    Assert.Equal(Ok(), table |> HandleTable.tighten h)
    fullGc ()
    Assert.Equal("unrooted", nameOf table h)
    Assert.Equal(Ok(), table |> HandleTable.loosen h)
    fullGc ()
    Assert.Equal(Error(HandleError.Collected(h.Raw, typeof<Thing>)), table |> HandleTable.get h |> Result.map ignore)
    Assert.Equal(Error(HandleError.Collected(h.Raw, typeof<Thing>)), table |> HandleTable.tighten h)

[<Fact>]
let ``resolve validates raw values and re-typing is WrongType`` () =
    use table = HandleTable.create ()
    let h = table |> HandleTable.add (Thing "r") |> okOrFail
    Assert.Equal(Ok h, table |> HandleTable.resolve<Thing> h.Raw)
    Assert.Equal(Error(HandleError.WrongType(h.Raw, typeof<Other>, typeof<Thing>)), table |> HandleTable.resolve<Other> h.Raw)
    Assert.Equal(Error(HandleError.Unknown 12345L), table |> HandleTable.resolve<Thing> 12345L)

[<Fact>]
let ``toCompact and resolveCompact round trip`` () =
    use table = HandleTable.createWith (HandleTableOptions(Format = HandleFormat.Compact32)) |> okOrFail
    let h = table |> HandleTable.add (Thing "c") |> okOrFail
    let compact = table |> HandleTable.toCompact h |> okOrFail
    Assert.Equal((1 <<< 20), compact)
    Assert.Equal(Ok h, table |> HandleTable.resolveCompact<Thing> compact)

[<Fact>]
let ``adding null is NullResource and a full table is TableFull`` () =
    use table = HandleTable.createWith (HandleTableOptions(Capacity = 1)) |> okOrFail
    Assert.Equal(Error(HandleError.NullResource typeof<Thing>), table |> HandleTable.add (null: Thing) |> Result.map ignore)
    table |> HandleTable.add (Thing "1") |> okOrFail |> ignore
    Assert.Equal(Error(HandleError.TableFull 1), table |> HandleTable.add (Thing "2") |> Result.map ignore)

[<Fact>]
let ``map applies a function to the resource or passes the error on`` () =
    use table = HandleTable.create ()
    let h = table |> HandleTable.add (Thing "mapped") |> okOrFail
    Assert.Equal(Ok 6, table |> HandleTable.map (fun (t: Thing) -> t.Name.Length) h)
    HandleTable.drop h table |> ignore
    Assert.Equal(Error(HandleError.Dropped h.Raw), table |> HandleTable.map (fun (t: Thing) -> t.Name.Length) h)

[<Fact>]
let ``after dispose every function answers Disposed`` () =
    let table = HandleTable.create ()
    let h = table |> HandleTable.add (Thing "x") |> okOrFail
    table.Dispose()
    Assert.Equal(Error(HandleError.Disposed h.Raw), table |> HandleTable.get h |> Result.map ignore)
    Assert.Equal(Error(HandleError.Disposed 0L), table |> HandleTable.add (Thing "y") |> Result.map ignore)
    Assert.Equal(Error(HandleError.Disposed h.Raw), table |> HandleTable.loosen h)

[<Property>]
let ``No function throws for any raw value`` (raw: int64) =
    use table = HandleTable.create ()
    table |> HandleTable.add (Thing "present") |> ignore
    let resolved = table |> HandleTable.resolve<Thing> raw
    let compact = table |> HandleTable.resolveCompact<Thing> (int raw)
    let state = table |> HandleTable.stateOfRaw raw
    Result.isError resolved = (state <> HandleState.Alive) && (Result.isOk compact || Result.isError compact)

[<Fact>]
let ``use! takes the table of createWith and the scope of Scope.openOn, and the block's end disposes both`` () =
    let mutable table = Unchecked.defaultof<Tether.HandleTable>
    let mutable scope = Unchecked.defaultof<Tether.HandleScope>
    let result =
        handleResult {
            use! t = HandleTable.createWith (HandleTableOptions(Capacity = 2))
            use! s = t |> Scope.openOn
            table <- t
            scope <- s
            let! h = s |> Scope.addStrong (Thing "in scope")
            let! thing = t |> HandleTable.get h
            return thing.Name
        }
    Assert.Equal(Ok "in scope", result)
    Assert.True scope.IsDisposed
    Assert.True table.IsDisposed
    let refused =
        handleResult {
            use! t = HandleTable.createWith (HandleTableOptions(Capacity = 0))
            return t.Capacity
        }
    Assert.Equal(Error(HandleError.InvalidArgument "capacity 0 is outside 1..16777216 for format Raw53."), refused)

/// The F# functions take the core's HandleTable and HandleScope, .NET classes F# lets
/// be null (a field not yet set, a value from C#). Every one of them throws NullReferenceException for a
/// null table or scope, where the library promises a typed error for any input (Tether.Wasmtime's Attach
/// answers InvalidArgument "table is null." for the same mistake).
[<Fact>]
let ``A null table or scope is InvalidArgument, never a NullReferenceException`` () =
    let isInvalid name (run: unit -> Result<'T, HandleError>) =
        match (try Choice1Of2(run ()) with e -> Choice2Of2 e) with
        | Choice1Of2(Error(HandleError.InvalidArgument _)) -> ()
        | Choice1Of2 other -> failwithf "%s: expected InvalidArgument, got %A" name other
        | Choice2Of2 e -> failwithf "%s threw %s" name (e.GetType().Name)
    let noTable: Tether.HandleTable = null
    let noScope: Tether.HandleScope = null
    isInvalid "HandleTable.add" (fun () -> noTable |> HandleTable.add (Thing "x"))
    isInvalid "HandleTable.get" (fun () -> noTable |> HandleTable.get Unchecked.defaultof<Handle<Thing>>)
    isInvalid "HandleTable.dropRaw" (fun () -> noTable |> HandleTable.dropRaw 1L)
    isInvalid "HandleTable.close" (fun () -> noTable |> HandleTable.close)
    isInvalid "Scope.openOn" (fun () -> noTable |> Scope.openOn)
    isInvalid "Scope.openChild" (fun () -> noScope |> Scope.openChild)
    isInvalid "Scope.addStrong" (fun () -> noScope |> Scope.addStrong (Thing "x"))
    isInvalid "Scope.close" (fun () -> noScope |> Scope.close)
    Assert.Equal(None, Scope.parent noScope)

/// The rest of the null guard: functions that answer no Result give their empty value, and the async ones
/// an InvalidArgument that says which argument was null.
[<Fact>]
let ``A null table or scope answers empty values, and the async functions say which argument was null`` () =
    let noTable: Tether.HandleTable = null
    let noScope: Tether.HandleScope = null
    let h = Unchecked.defaultof<Handle<Thing>>
    Assert.Equal(None, noTable |> HandleTable.tryGet h)
    Assert.Equal(ValueNone, noTable |> HandleTable.tryGetValue h)
    Assert.Equal(HandleState.Unknown, noTable |> HandleTable.state h)
    Assert.True((noTable |> HandleTable.leakReport).IsEmpty)
    Assert.True((noScope |> Scope.leakReport).IsEmpty)
    Assert.Equal(Error(HandleError.InvalidArgument "table is null."), noTable |> HandleTable.get h)
    Assert.Equal(Error(HandleError.InvalidArgument "scope is null."), noScope |> Scope.add (Thing "x") |> Result.map ignore)
    Assert.Equal(Error(HandleError.InvalidArgument "table is null."), (noTable |> HandleTable.dropAsync h).Result)
    Assert.Equal(Error(HandleError.InvalidArgument "table is null."), (noTable |> HandleTable.closeAsync).Result)
    Assert.Equal(Error(HandleError.InvalidArgument "scope is null."), (noScope |> Scope.closeAsync).Result)
    match noTable |> HandleTable.lookup h with
    | Unknown -> ()
    | _ -> failwith "a lookup on a null table should be Unknown"
