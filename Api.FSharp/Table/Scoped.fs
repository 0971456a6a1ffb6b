namespace Tether.FSharp

open System
open System.Threading

/// A handle that drops itself when disposed: bind it with <c>use!</c> in <c>handle { }</c>, and it is
/// dropped when the block ends, early error returns included.
[<Sealed>]
type Scoped<'T when 'T: not struct> internal (table: Tether.HandleTable, handle: Tether.Handle<'T>) =
    let mutable dropped = 0

    /// The handle.
    member _.Handle = handle

    /// The table the handle belongs to.
    member _.Table = table

    /// Drops the handle once; later calls do nothing. Never throws.
    member _.Dispose() =
        if Interlocked.Exchange(&dropped, 1) = 0 then table.Drop handle |> ignore

    interface IDisposable with
        member s.Dispose() = s.Dispose()
