namespace Tether.Properties

open System.Collections.Concurrent
open System.Threading
open LanguageExt
open Tether

/// Bugs planted behind a wrapper, each one a mistake a handle table could really make.
/// The default property run must catch every one of them.
module PlantedBugs =
    let private slotOf (raw: int64) = raw &&& 0xFFFFFFL

    /// Lookups ignore the generation: a stale handle finds whatever now lives in its slot.
    type GenerationNotChecked(table) =
        inherit RealTable(table)
        let latest = ConcurrentDictionary<int64, int64>()
        override _.Add<'T when 'T: not struct>(resource: 'T, hold, ownership) =
            let added = table.Add(resource, hold, ownership)
            added.Iter(fun (h: Handle<'T>) -> latest[slotOf h.Raw] <- h.Raw) |> ignore
            added
        override _.Get<'T when 'T: not struct>(h: Handle<'T>) =
            let mutable newest = 0L
            if latest.TryGetValue(slotOf h.Raw, &newest) && newest <> h.Raw then
                table.Resolve<'T>(newest).Bind(fun (n: Handle<'T>) -> table.Get n)
            else table.Get h

    /// Weak holds keep their resource alive after all, so nothing is ever collected.
    type WeakKeptStrong(table) =
        inherit RealTable(table)
        let kept = ConcurrentBag<obj>()
        override _.Add<'T when 'T: not struct>(resource: 'T, hold, ownership) =
            if hold = Hold.Weak then kept.Add(box resource)
            table.Add(resource, hold, ownership)

    /// A second drop of the same handle says it worked.
    type DoubleDropAccepted(table) =
        inherit RealTable(table)
        override _.Drop<'T when 'T: not struct>(h: Handle<'T>) =
            let dropped = table.Drop h
            if dropped.IsFail && table.State h = HandleState.Dropped then Fin<Unit>.Succ(Unit.Default) else dropped

    /// Drop checks, then acts: two racing drops of one handle both succeed.
    type RaceInDrop(table) =
        inherit RealTable(table)
        override _.Drop<'T when 'T: not struct>(h: Handle<'T>) =
            match table.State h with
            | HandleState.Alive
            | HandleState.Collected ->
                Thread.Yield() |> ignore // the window a real check-then-act race leaves open
                table.Drop h |> ignore
                Fin<Unit>.Succ(Unit.Default)
            | _ -> table.Drop h

    let all: (string * (HandleTable -> RealTable)) list =
        [ "generation not checked", (fun t -> new GenerationNotChecked(t) :> RealTable)
          "weak hold kept strong", (fun t -> new WeakKeptStrong(t))
          "double drop accepted", (fun t -> new DoubleDropAccepted(t))
          "a race in drop", (fun t -> new RaceInDrop(t)) ]
