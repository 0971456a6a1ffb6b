namespace Tether.Properties

open System
open System.Threading
open FsCheck
open FsCheck.FSharp
open Tether

/// A resource that knows the raw value of the handle it was issued.
[<AllowNullLiteral>]
type Tagged() =
    member val Raw = 0L with get, set

/// Many threads hammer create, drop, lookup and collect; every successful lookup is verified.
module Stress =
    type Plan = { Seed: int; Threads: int; Capacity: int; Lanes: int; OpsPerThread: int }

    let plans =
        gen {
            let! seed = Gen.choose (0, Int32.MaxValue)
            let! threads = Gen.choose (2, 4)
            let! capacity = Gen.elements [ 4; 16; 256 ]
            // Several lanes too (see Core.CSharp/Slots/SlotTable.Lanes.cs): quotas move and slots cross lanes.
            let! lanes = Gen.elements [ 1; 2; 4 ]
            return { Seed = seed; Threads = threads; Capacity = capacity; Lanes = lanes; OpsPerThread = 20_000 }
        }

    /// A resource the table owns, so only ever held strongly: HoldOf must never say Weak for it, whatever
    /// the slots do and whatever Loosen(long) other threads try; and the table disposes it exactly once.
    [<AllowNullLiteral>]
    type StrongOnly(disposed: int array) =
        let mutable times = 0
        member val Raw = 0L with get, set
        member _.Times = Volatile.Read &times
        interface IDisposable with
            member _.Dispose() =
                Interlocked.Increment(&times) |> ignore
                Interlocked.Increment(&disposed[0]) |> ignore


    let run (plan: Plan) =
        use table = HandleTable.TryCreate(HandleTableOptions(Capacity = plan.Capacity, LanesOverride = plan.Lanes)).Match(id, fun (e: LanguageExt.Common.Error) -> failwith e.Message)
        let shared = Array.zeroCreate<int64> 16
        // Raw values just dropped: their slots are the next to be reused (the free list is LIFO).
        let dropped = Array.zeroCreate<int64> 8
        // Strong-only handles, added and dropped by one thread, watched by another.
        // At most a quarter of the capacity, so the workers still find room.
        let strongPool = Array.zeroCreate<int64> (max 1 (min 4 (plan.Capacity / 4)))
        let mutable stop = false
        let mutable wrong = 0
        let mutable unexpected = 0
        let mutable hits = 0
        // Hostile reader: out-of-range values that yielded a resource or a handle, in-range flips that gave
        // another handle's resource, and how many values it tried.
        let mutable forgedHits = 0
        let mutable flipWrong = 0
        let mutable hostileTries = 0
        let mutable firstFault = ""
        // HoldOf checker: Weak answers for a strong-only handle, resources of another handle, and checks made.
        let mutable weakAnswers = 0
        let mutable holdChecks = 0
        // Owned resources added, disposals seen, and resources disposed more than once.
        let ownedAdded = [| 0 |]
        let ownedDisposed = [| 0 |]
        let ownedResources = Collections.Concurrent.ConcurrentBag<StrongOnly>()
        // The table's generation key, read off the raw value slot 0, generation 1 expands to.
        let key =
            let raw =
                table.ResolveCompact<obj>(1 <<< 20).Match((fun (h: Handle<obj>) -> h.Raw), (fun (e: LanguageExt.Common.Error) -> (e :?> HandleError).Raw))
            (int (raw >>> 24) &&& 0x1FFFFF) ^^^ 1
        /// The raw value the next handle of raw's slot will have.
        let nextOf (raw: int64) =
            let generation = ((int (raw >>> 24) &&& 0x1FFFFF) ^^^ key) + 1
            (raw &&& ~~~(0x1FFFFFL <<< 24)) ||| (int64 ((generation ^^^ key) &&& 0x1FFFFF) <<< 24)
        // The watchers share two cores with the workers: each lets others run now and then.
        let pause (i: int) = if i % 32 = 0 then Thread.Sleep 0
        let fault (text: string) = Interlocked.CompareExchange(&firstFault, text, "") |> ignore
        let worker (index: int) () =
            let random = Random(plan.Seed + index)
            let keep = Collections.Generic.List<Tagged>() // roots for strong-looking weak holds
            for i in 1 .. plan.OpsPerThread do
                let at = random.Next shared.Length
                let raw = Volatile.Read(&shared[at])
                match random.Next 20 with
                | 0 -> GC.Collect(0)
                | k when k < 6 ->
                    let resource = Tagged()
                    let hold = if k % 2 = 0 then Hold.Strong else Hold.Weak
                    if random.Next 2 = 0 then keep.Add resource
                    table.Add(resource, hold).Iter(fun (h: Handle<Tagged>) ->
                        resource.Raw <- h.Raw
                        let previous = Interlocked.Exchange(&shared[at], h.Raw)
                        table.Resolve<Tagged>(previous).Iter(fun p ->
                            if table.Drop(p).IsSucc then Volatile.Write(&dropped[random.Next dropped.Length], previous)) |> ignore) |> ignore
                | k when k < 9 -> table.Resolve<Tagged>(raw).Iter(fun h -> table.Drop h |> ignore) |> ignore
                | k when k < 11 -> table.Resolve<Tagged>(raw).Iter(fun h -> table.Loosen h |> ignore) |> ignore
                | k when k < 13 -> table.Resolve<Tagged>(raw).Iter(fun h -> table.Tighten h |> ignore) |> ignore
                | _ ->
                    table.Resolve<Tagged>(raw).Bind(fun h -> table.Get h).Match(
                        (fun (r: Tagged) ->
                            Interlocked.Increment(&hits) |> ignore
                            if r.Raw <> raw then Interlocked.Increment(&wrong) |> ignore),
                        (fun (e: LanguageExt.Common.Error) ->
                            match e with
                            | :? HandleError.Dropped | :? HandleError.Collected | :? HandleError.Unknown -> ()
                            | _ -> Interlocked.Increment(&unexpected) |> ignore))
                    |> ignore
                if keep.Count > 64 then keep.Clear()
        // Resolves and Gets out-of-range and bit-flipped variants of the raws being churned.
        let hostileReader () =
            let random = Random(plan.Seed - 1)
            let mutable i = 0
            while not (Volatile.Read &stop) do
                i <- i + 1
                pause i
                // The value of a handle just dropped with bit 54 set would match its slot's free stamp
                // (bit 30 of the stamp) if the range were not checked: read it hard while the slot is reissued.
                let last = Volatile.Read(&dropped[random.Next dropped.Length])
                if last <> 0L then
                    let h = Handle<Tagged>(last ||| (1L <<< 54))
                    for _ in 1..64 do
                        if table.TryGet(h).IsSome then
                            Interlocked.Increment(&forgedHits) |> ignore
                            fault $"TryGet of {last} | 1L<<54 gave a resource"
                let raw =
                    if random.Next 2 = 0 then Volatile.Read(&dropped[random.Next dropped.Length])
                    else Volatile.Read(&shared[random.Next shared.Length])
                if raw <> 0L then
                    Interlocked.Increment(&hostileTries) |> ignore
                    let outOfRange =
                        match random.Next 6 with
                        | 0 -> raw ||| (1L <<< 54)
                        | 1 -> raw ||| (1L <<< 53)
                        | 2 -> raw ^^^ (1L <<< (53 + random.Next 11))
                        | 3 -> raw &&& ((1L <<< 45) - 1L) // tag 0
                        | 4 -> -raw
                        | _ -> raw ||| ((int64 (random.Next()) ||| 1L) <<< 53)
                    let h = Handle<Tagged>(outOfRange)
                    let leaked =
                        table.Resolve<Tagged>(outOfRange).IsSucc || table.Get(h).IsSucc || table.TryGet(h).IsSome
                        || table.HoldOf(h).IsSucc || table.Check(outOfRange).IsSucc || table.State(outOfRange) <> HandleState.Unknown
                        || table.ToCompact(outOfRange).IsSucc
                    if leaked then
                        Interlocked.Increment(&forgedHits) |> ignore
                        fault $"out-of-range {outOfRange} (0x{outOfRange:X}, from {raw}) was accepted"
                    // A flip of a slot, generation or tag bit: it may name another current handle, but then
                    // the resource must be the one issued for exactly that value.
                    let flipped = raw ^^^ (1L <<< random.Next 53)
                    table.Get(Handle<Tagged>(flipped)).Iter(fun (r: Tagged) ->
                        let issued = r.Raw
                        if issued <> 0L && issued <> flipped then
                            Interlocked.Increment(&flipWrong) |> ignore
                            fault $"Get of {flipped} (from {raw}) gave the resource of {issued}") |> ignore
        // Adds strong-only handles and drops them again, so their slots are reused by everyone.
        let strongChurn () =
            let random = Random(plan.Seed - 2)
            let mutable i = 0
            while not (Volatile.Read &stop) do
                i <- i + 1
                pause i
                let resource = new StrongOnly(ownedDisposed)
                table.Add(resource, Hold.Strong, Ownership.Owned).Iter(fun (h: Handle<StrongOnly>) ->
                    Interlocked.Increment(&ownedAdded[0]) |> ignore
                    ownedResources.Add resource
                    resource.Raw <- h.Raw
                    let previous = Interlocked.Exchange(&strongPool[random.Next strongPool.Length], h.Raw)
                    table.Drop(Handle<StrongOnly>(previous)) |> ignore) |> ignore
        // Loosens the values the next handles of the strong-only slots will have, as they are added.
        let loosener () =
            let random = Random(plan.Seed - 4)
            let mutable i = 0
            while not (Volatile.Read &stop) do
                i <- i + 1
                pause i
                let raw = Volatile.Read(&strongPool[random.Next strongPool.Length])
                if raw <> 0L then
                    let next = nextOf raw
                    for _ in 1..16 do table.Loosen(next) |> ignore
        // A handle only ever strong must answer Strong or an error, never Weak, and Get gives its own resource.
        let holdChecker () =
            let random = Random(plan.Seed - 3)
            let mutable i = 0
            while not (Volatile.Read &stop) do
                i <- i + 1
                pause i
                let raw = Volatile.Read(&strongPool[random.Next strongPool.Length])
                if raw <> 0L then
                    Interlocked.Increment(&holdChecks) |> ignore
                    let h = Handle<StrongOnly>(raw)
                    table.HoldOf(h).Iter(fun hold ->
                        if hold = Hold.Weak then
                            Interlocked.Increment(&weakAnswers) |> ignore
                            fault $"HoldOf {raw}, a strong-only handle, said Weak") |> ignore
                    table.Get(h).Iter(fun (r: StrongOnly) ->
                        if r.Raw <> 0L && r.Raw <> raw then
                            Interlocked.Increment(&wrong) |> ignore
                            fault $"Get of strong-only {raw} gave the resource of {r.Raw}") |> ignore
        let threads = List.init plan.Threads (fun i -> Thread(worker i))
        let watchers = [ Thread hostileReader; Thread strongChurn; Thread holdChecker; Thread loosener ]
        watchers |> List.iter (fun t -> t.Start())
        threads |> List.iter (fun t -> t.Start())
        threads |> List.iter (fun t -> t.Join())
        Volatile.Write(&stop, true)
        watchers |> List.iter (fun t -> t.Join())
        let counts = table.Counts
        table.Dispose()
        let twice = ownedResources |> Seq.filter (fun r -> r.Times > 1) |> Seq.length
        let ownedOk = ownedDisposed[0] = ownedAdded[0] && twice = 0
        (wrong = 0 && unexpected = 0 && hits > 0 && forgedHits = 0 && flipWrong = 0 && weakAnswers = 0 && ownedOk
         && hostileTries > 0 && holdChecks > 0 && counts.Live <= plan.Capacity
         && counts.Live = counts.Strong + counts.Weak + counts.Collected)
        |> Prop.label
            $"{plan}: {wrong} wrong resources, {unexpected} unexpected errors, {hits} hits; hostile reader: {forgedHits} out-of-range values accepted, {flipWrong} flips gave another handle's resource, {hostileTries} tries; HoldOf checker: {weakAnswers} Weak answers in {holdChecks} checks; owned: {ownedAdded[0]} added, {ownedDisposed[0]} disposals, {twice} disposed twice; {counts}; first fault: {firstFault}"

    let property = Prop.forAll (Arb.fromGen plans) run
