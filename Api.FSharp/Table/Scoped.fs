namespace Tether.FSharp

open System
open System.Threading

/// <summary>A handle that drops itself when disposed: bind it with <c>use!</c> in <c>handleResult { }</c>, and it is
/// dropped when the block ends, early error returns included.</summary>
[<Sealed>]
type Scoped<'T when 'T: not struct> internal (table: Tether.HandleTable, handle: Tether.Handle<'T>) =
    let mutable dropped = 0

    /// <summary>The handle.</summary>
    member _.Handle = handle

    /// <summary>The table the handle belongs to.</summary>
    member _.Table = table

    /// <summary>Drops the handle once; later calls do nothing. Never throws.</summary>
    member _.Dispose() =
        if Interlocked.Exchange(&dropped, 1) = 0 then table.Drop handle |> ignore

    interface IDisposable with
        member s.Dispose() = s.Dispose()
