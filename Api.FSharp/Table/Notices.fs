namespace Tether.FSharp

open System

/// <summary>Collection notices, read the F# way.</summary>
[<RequireQualifiedAccess>]
module Notices =
    /// <summary>The table's collection notices as an <c>IObservable</c> (use <c>Observable</c> functions, or
    /// <c>subscribe</c>). Notices arrive on a thread-pool thread; a table without
    /// <c>NotifyCollected</c> (or a null table) never publishes any.</summary>
    [<CompiledName("Observe")>]
    let observe (table: Tether.HandleTable) : IObservable<Tether.CollectionNotice> =
        { new IObservable<Tether.CollectionNotice> with
            member _.Subscribe(observer: IObserver<Tether.CollectionNotice>) =
                table
                |> Guard.orElse
                    { new IDisposable with
                        member _.Dispose() = () }
                    (fun table ->
                        let handler = Action<Tether.CollectionNotice>(fun notice -> observer.OnNext notice)
                        table.add_Collected handler
                        { new IDisposable with
                            member _.Dispose() = table.remove_Collected handler }) }

    /// <summary>The notices as an asynchronous sequence that ends when the table is disposed (at once for a null table).</summary>
    [<CompiledName("ReadAll")>]
    let readAll (table: Tether.HandleTable) : Collections.Generic.IAsyncEnumerable<Tether.CollectionNotice> =
        table |> Guard.orElse (Linq.AsyncEnumerable.Empty()) (fun table -> table.Notices.ReadAllAsync())
