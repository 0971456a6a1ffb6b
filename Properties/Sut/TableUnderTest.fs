namespace Tether.Properties

open System
open LanguageExt
open Tether

/// The table surface the suite drives. The real table implements it directly; planted-bug wrappers
/// override one member each, to prove the suite notices.
type ITable =
    inherit IDisposable
    abstract Add<'T when 'T: not struct> : 'T * Hold * Ownership -> Fin<Handle<'T>>
    abstract Get<'T when 'T: not struct> : Handle<'T> -> Fin<'T>
    abstract TryGet<'T when 'T: not struct> : Handle<'T> -> Option<'T>
    abstract State<'T when 'T: not struct> : Handle<'T> -> HandleState
    abstract HoldOf<'T when 'T: not struct> : Handle<'T> -> Fin<Hold>
    abstract Drop<'T when 'T: not struct> : Handle<'T> -> Fin<Unit>
    abstract Take<'T when 'T: not struct> : Handle<'T> -> Fin<'T>
    abstract Loosen<'T when 'T: not struct> : Handle<'T> -> Fin<Unit>
    abstract Tighten<'T when 'T: not struct> : Handle<'T> -> Fin<Unit>
    abstract Resolve<'T when 'T: not struct> : int64 -> Fin<Handle<'T>>
    abstract ResolveCompact<'T when 'T: not struct> : int -> Fin<Handle<'T>>
    abstract ToCompact<'T when 'T: not struct> : Handle<'T> -> Fin<int>
    abstract StateRaw: int64 -> HandleState
    abstract Check: int64 -> Fin<Unit>
    abstract DropRaw: int64 -> Fin<Unit>
    abstract LoosenRaw: int64 -> Fin<Unit>
    abstract TightenRaw: int64 -> Fin<Unit>
    abstract ToCompactRaw: int64 -> Fin<int>
    abstract Counts: TableCounts

/// The real table, passed straight through. Planted bugs inherit from it and override one member.
type RealTable(table: HandleTable) =
    member _.Table = table
    abstract Add<'T when 'T: not struct> : 'T * Hold * Ownership -> Fin<Handle<'T>>
    default _.Add<'T when 'T: not struct>(resource: 'T, hold, ownership) = table.Add(resource, hold, ownership)
    abstract Get<'T when 'T: not struct> : Handle<'T> -> Fin<'T>
    default _.Get<'T when 'T: not struct>(h: Handle<'T>) = table.Get h
    abstract Drop<'T when 'T: not struct> : Handle<'T> -> Fin<Unit>
    default _.Drop<'T when 'T: not struct>(h: Handle<'T>) = table.Drop h

    interface ITable with
        member t.Add(resource, hold, ownership) = t.Add(resource, hold, ownership)
        member t.Get h = t.Get h
        member _.TryGet h = table.TryGet h
        member _.State h = table.State h
        member _.HoldOf h = table.HoldOf h
        member t.Drop h = t.Drop h
        member _.Take h = table.Take h
        member _.Loosen h = table.Loosen h
        member _.Tighten h = table.Tighten h
        member _.Resolve raw = table.Resolve raw
        member _.ResolveCompact compact = table.ResolveCompact compact
        member _.ToCompact h = table.ToCompact h
        member _.StateRaw raw = table.State raw
        member _.Check raw = table.Check raw
        member _.DropRaw raw = table.Drop raw
        member _.LoosenRaw raw = table.Loosen raw
        member _.TightenRaw raw = table.Tighten raw
        member _.ToCompactRaw raw = table.ToCompact raw
        member _.Counts = table.Counts
        member _.Dispose() = table.Dispose()
