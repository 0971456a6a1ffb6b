namespace Tether.FSharp

open System

/// Collection notices, read the F# way.
[<RequireQualifiedAccess>]
module Notices =
    /// The table's collection notices as an <c>IObservable</c> (use <c>Observable</c> functions, or
    /// <c>subscribe</c>). Notices arrive on a thread-pool thread; a table without
    /// <c>NotifyCollected</c> never publishes any.
    [<CompiledName("Observe")>]
    let observe (table: Tether.HandleTable) : IObservable<Tether.CollectionNotice> =
        { new IObservable<Tether.CollectionNotice> with
            member _.Subscribe(observer: IObserver<Tether.CollectionNotice>) =
                let handler = Action<Tether.CollectionNotice>(fun notice -> observer.OnNext notice)
                table.add_Collected handler
                { new IDisposable with
                    member _.Dispose() = table.remove_Collected handler } }

    /// The notices as an asynchronous sequence that ends when the table is disposed.
    [<CompiledName("ReadAll")>]
    let readAll (table: Tether.HandleTable) : Collections.Generic.IAsyncEnumerable<Tether.CollectionNotice> =
        table.Notices.ReadAllAsync()
