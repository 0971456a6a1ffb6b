module Tether.FSharp.Tests.Table.ScopeAndNoticeTests

open System
open System.Threading.Tasks
open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

type Closable() =
    member val Closed = 0 with get, set
    interface IDisposable with
        member c.Dispose() = c.Closed <- c.Closed + 1

[<Fact>]
let ``A scope drops its handles, disposes what it owns, and promote keeps one`` () =
    use table = HandleTable.create ()
    let scope = Scope.openOn table |> okOrFail
    let child = Scope.openChild scope |> okOrFail
    let closable = new Closable()
    let owned = child |> Scope.addOwned closable |> okOrFail
    let kept = child |> Scope.hold Hold.Strong (Thing "kept") |> okOrFail
    let dropped = scope |> Scope.hold Hold.Strong (Thing "dropped") |> okOrFail
    Assert.Equal(Ok(), child |> Scope.promote kept)
    Assert.Equal(Error(HandleError.WrongScope dropped.Raw), child |> Scope.promote dropped)

    Assert.Equal(Ok(), Scope.close child)
    Assert.Equal(1, closable.Closed)
    Assert.Equal(HandleState.Dropped, table |> HandleTable.state owned)
    Assert.Equal(HandleState.Alive, table |> HandleTable.state kept)
    Assert.Equal(Ok(), Scope.close scope)
    Assert.Equal(HandleState.Dropped, table |> HandleTable.state kept)
    Assert.Equal(HandleState.Dropped, table |> HandleTable.state dropped)
    Assert.Equal(Error(HandleError.ScopeDisposed 0L), scope |> Scope.hold Hold.Strong (Thing "late") |> Result.map ignore)

type Failing() =
    interface IDisposable with
        member _.Dispose() = raise (InvalidOperationException "cannot close")

[<Fact>]
let ``Closing a scope whose owned resources both throw gives one DisposeFailed, never InvalidArgument`` () =
    use table = HandleTable.create ()
    let scope = Scope.openOn table |> okOrFail
    let first = scope |> Scope.addOwned (new Failing()) |> okOrFail
    let second = scope |> Scope.addOwned (new Failing()) |> okOrFail

    match Scope.close scope with
    | Error(HandleError.DisposeFailed [ (raw, (:? InvalidOperationException as thrown)); _ ] as error) ->
        Assert.Equal(min first.Raw second.Raw, raw)
        Assert.Equal("cannot close", thrown.Message)
        Assert.Equal(HandleErrorCode.DisposeFailed, HandleError.code error)
    | other -> failwith $"expected one DisposeFailed, got %A{other}"

[<Fact>]
let ``Closing a scope whose owned resources both throw keeps every failed handle, each with what it threw`` () =
    use table = HandleTable.create ()
    let scope = Scope.openOn table |> okOrFail
    let first = scope |> Scope.addOwned (new Failing()) |> okOrFail
    let second = scope |> Scope.addOwned (new Failing()) |> okOrFail

    match Scope.close scope with
    | Error(HandleError.DisposeFailed failures as error) ->
        Assert.Equal<int64>([ min first.Raw second.Raw; max first.Raw second.Raw ], failures |> List.map fst |> List.sort)
        Assert.Equal<string>([ "cannot close"; "cannot close" ], failures |> List.map (fun (_, e) -> e.Message))
        // Back in the core's form, the error still lists both handles, as the core's own error does.
        let core = HandleError.toCore error :?> Tether.HandleError.DisposeFailed
        Assert.Equal<int64>([ min first.Raw second.Raw; max first.Raw second.Raw ], List.ofSeq core.Handles |> List.sort)
        Assert.Equal(2, (core.Thrown :?> AggregateException).InnerExceptions.Count)
        Assert.Equal<Tether.HandleError>(core, HandleError.toCore (HandleError.ofCore core))
    | other -> failwith $"expected one DisposeFailed, got %A{other}"

[<Fact>]
let ``Notices arrive through an observable`` () : Task =
    task {
        use table = HandleTable.createWith (HandleTableOptions(NotifyCollected = true)) |> okOrFail
        let received = TaskCompletionSource<CollectionNotice>()
        use _ = Notices.observe table |> Observable.subscribe (fun n -> received.TrySetResult n |> ignore)
        let h = addUnrooted table
        fullGc ()
        let! notice = received.Task.WaitAsync(TimeSpan.FromSeconds 30.0)
        Assert.Equal(CollectionNotice(h.Raw, typeof<Thing>), notice)
        match HandleTable.lookup h table with
        | Collected -> ()
        | _ -> failwith "expected Collected"
    }

[<Fact>]
let ``Notices can be read as an async sequence that ends with the table`` () : Task =
    task {
        let table = HandleTable.createWith (HandleTableOptions(NotifyCollected = true)) |> okOrFail
        let h = addUnrooted table
        fullGc ()
        let all = Notices.readAll table
        let e = all.GetAsyncEnumerator()
        let! more = e.MoveNextAsync()
        Assert.True more
        Assert.Equal(h.Raw, e.Current.Raw)
        table.Dispose()
        let! more = e.MoveNextAsync()
        Assert.False more
    }

[<Fact>]
let ``Opening a scope on a disposed table is Disposed, in a closed scope ScopeDisposed, and the table still opens others`` () =
    use table = HandleTable.create ()
    let scope = Scope.openOn table |> okOrFail
    Assert.Equal(Ok(), Scope.close scope)
    Assert.Equal(Error(HandleError.ScopeDisposed 0L), Scope.openChild scope |> Result.map ignore)
    let other = Scope.openOn table |> okOrFail
    Assert.False(other.IsDisposed)
    (table :> IDisposable).Dispose()
    Assert.Equal(Error(HandleError.Disposed 0L), Scope.openOn table |> Result.map ignore)
