namespace Tether.Properties

open System
open System.Collections.Concurrent
open System.Collections.Generic
open System.Runtime.CompilerServices
open LanguageExt.Common
open Tether

/// Calls a generic function at the CLR type of a ResType.
type IAtType<'R> =
    abstract Invoke<'T when 'T :> Res and 'T: not struct> : unit -> 'R

/// The system under test: a table (real or with a planted bug) plus what the test itself holds.
/// Creation numbers at or above `Sut.BranchLabels` are labels of resources a parallel branch adds: they name
/// the resource, not a handle the test can refer to.
type Sut(table: ITable, underlying: HandleTable, capacity: int, record: bool) =
    // The table's identity (tag and generation key), read through an internal accessor of the core.
    let tag, key = underlying.Identity.ToTuple()
    // What the table disposed, by resource label, and re-entrant calls it wrongly accepted.
    let disposals = ConcurrentQueue<int>()
    let mutable faults = 0
    // Owned resources by creation number, so that OwnAgain can offer the same object again.
    let owned = Dictionary<int, Res>()
    // Handles by creation number, as the table issued them.
    let handles = ResizeArray<int64 * ResType>()
    // Scopes by opening number, as the model numbers them.
    let scopes = ResizeArray<HandleScope>()
    // Which handle a raw value is, to name the handles the notices report.
    let numbers = Dictionary<int64, int>()
    // Resources the test roots. Unrooted ones wait in `pending` until the next Collect, so that a GC
    // the runtime starts on its own cannot collect earlier than the model says. After a Collect, the
    // unrooted resources that survived (the table held them strongly) are read back into `pending`
    // for the same reason: a later loosen must not let a stray GC take them before the model's next Collect.
    let rooted = Dictionary<int, Res>()
    let pending = Dictionary<int, Res>()
    let unnumbered = ResizeArray<Res>()
    let gate = obj ()
    // A live handle of another table whose tag differs from ours (tags cycle, so check: on the still
    // empty table under test, a shared tag would say Unknown rather than WrongTable).
    let foreign =
        let rec make () =
            let other = HandleTable.Create()
            let raw = other.Add(obj ()).Match((fun (h: Handle<obj>) -> h.Raw), (fun (_: Error) -> 0L))
            let seen = underlying.Resolve<obj>(raw).Match((fun (_: Handle<obj>) -> 0), (fun (e: Error) -> e.Code))
            if seen = HandleErrorCode.WrongTable then other, raw
            else
                other.Dispose()
                make ()
        make ()

    member _.Table = table
    member _.Capacity = capacity
    member _.Handles = handles
    /// The table's tag (1..255) and generation key.
    member _.Tag = tag
    member _.Key = key
    static member BranchLabels = 1000

    /// The value a hostile target stands for in this table.
    member _.ValueOf(target: RawOf) : int64 =
        match target with
        | RawXor(n, x) -> (fst (lock gate (fun () -> handles[n]))) ^^^ x
        | Literal v -> v
        | Forged(slot, generation) ->
            (int64 tag <<< 45) ||| (int64 ((generation ^^^ key) &&& Model.generationMask) <<< 24) ||| int64 slot

    /// Called by an owned resource's Dispose: logs it, then re-enters the table to drop the handle that
    /// owned it once more, which must be refused (the handle has ended, or the table is disposed).
    member private _.Disposing(r: Res) =
        disposals.Enqueue r.Id
        try
            if underlying.Drop(r.OwnedRaw).IsSucc then Threading.Interlocked.Increment(&faults) |> ignore
        with _ ->
            Threading.Interlocked.Increment(&faults) |> ignore

    static member AtType(ty: ResType, f: IAtType<'R>) =
        match ty with
        | A -> f.Invoke<ResA>()
        | B -> f.Invoke<ResB>()
        | C -> f.Invoke<ResC>()

    [<MethodImpl(MethodImplOptions.NoInlining)>]
    static member private Make(ty: ResType, id: int) : Res =
        match ty with
        | A -> new ResA(id)
        | B -> new ResB(id)
        | C -> new ResC(id)

    /// An error must carry the raw value it was asked about; anything else is inconsistent.
    static member private Answer(fin: LanguageExt.Fin<'a>, expectedRaw: int64 option, ok: 'a -> Answer) =
        fin.Match(
            (fun value -> ok value),
            (fun (error: Error) ->
                match error, expectedRaw with
                | :? HandleError as e, Some raw when e.Raw <> raw && e.Code <> HandleErrorCode.InvalidArgument ->
                    Inconsistent $"{e.GetType().Name} carries {e.Raw}, not {raw}"
                | :? HandleError as e, _ -> Failed e.Code
                | e, _ -> Inconsistent $"not a HandleError: {e}"))

    member private _.Register(n: int, raw: int64, ty: ResType) =
        if record && n >= 0 && n < Sut.BranchLabels then
            lock gate (fun () ->
                while handles.Count <= n do handles.Add((0L, A))
                handles[n] <- (raw, ty)
                numbers[raw] <- n)

    /// How many collection notices the next Collect should wait for (the model says).
    member val ExpectNotices = 0 with get, set

    /// Takes the notices the table published, waiting (boundedly) until the expected number arrived.
    member private sut.TakeNotices() =
        let reader = underlying.Notices
        let seen = ResizeArray<int>()
        let deadline = DateTime.UtcNow.AddSeconds 5.0
        let mutable notice = Unchecked.defaultof<CollectionNotice>
        while seen.Count < sut.ExpectNotices && DateTime.UtcNow < deadline do
            if reader.TryRead(&notice) then
                seen.Add(lock gate (fun () -> match numbers.TryGetValue notice.Raw with | true, n -> n | _ -> -1))
            else
                Threading.Thread.Sleep 1
        while reader.TryRead(&notice) do
            seen.Add(lock gate (fun () -> match numbers.TryGetValue notice.Raw with | true, n -> n | _ -> -1))
        Noticed(seen |> Seq.sort |> List.ofSeq)

    member private _.Root(n: int, resource: Res) = lock gate (fun () -> rooted[n] <- resource)

    /// Runs one operation against the table. `number` is the creation number a Create gets, when known.
    member sut.Run(op: Op, number: int) : Answer =
        let handleOp n (f: IAtType<Answer>) =
            let raw, ty = lock gate (fun () -> handles[n])
            ignore raw
            Sut.AtType(ty, f)
        let typed n = lock gate (fun () -> handles[n])
        match op with
        | Create(hold, ty, isRooted) -> sut.Create(hold, ty, isRooted, number, None, None)
        | CreateOwned(hold, ty, scope) ->
            let scope = scope |> Option.map (fun sc -> lock gate (fun () -> scopes[sc]))
            sut.Create(hold, ty, false, number, scope, Some(Sut.Make(ty, number)))
        | OwnAgain n ->
            let resource = lock gate (fun () -> owned[n])
            let _, ty = lock gate (fun () -> handles[n])
            sut.Create(Hold.Strong, ty, false, number, None, Some resource)
        | Hostile(target, api) -> sut.Hostile(sut.ValueOf target, api)
        | Fill ->
            let rec loop added =
                match sut.Create(Hold.Strong, A, false, number + added, None, None) with
                | Created _ -> loop (added + 1)
                | Failed code -> Filled(added, code)
                | other -> other
            loop 0
        | Drop n | Take n | Loosen n | Tighten n | Get n | TryGet n | StateOf n | HoldOf n | ToCompact n ->
            let raw, ty = typed n
            handleOp n
                { new IAtType<Answer> with
                    member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                        let h = Handle<'T>(raw)
                        match op with
                        | Drop _ -> Sut.Answer(table.Drop h, Some raw, fun _ -> Done)
                        | Take _ ->
                            Sut.Answer(table.Take h, Some raw, fun r -> sut.Root(n, r); Got r.Id)
                        | Loosen _ -> Sut.Answer(table.Loosen h, Some raw, fun _ -> Done)
                        | Tighten _ -> Sut.Answer(table.Tighten h, Some raw, fun _ -> Done)
                        | Get _ -> Sut.Answer(table.Get h, Some raw, fun r -> Got r.Id)
                        | TryGet _ -> table.TryGet(h).Match((fun (r: 'T) -> Got r.Id), (fun () -> Nothing))
                        | StateOf _ -> StateIs(table.State h)
                        | HoldOf _ -> Sut.Answer(table.HoldOf h, Some raw, HoldIs)
                        | ToCompact _ -> Sut.Answer(table.ToCompact h, Some raw, Resolved)
                        | _ -> Inconsistent "unreachable" }
            |> fun outcome -> ignore ty; outcome
        | Resolve(n, ty) ->
            let raw, _ = typed n
            sut.ResolveWith(ty, Some raw, fun () -> raw)
        | ResolveCompact(compact, ty) ->
            Sut.AtType(
                ty,
                { new IAtType<Answer> with
                    member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                        Sut.Answer(table.ResolveCompact<'T> compact, None, fun h -> Resolved(underlying.CompactUnchecked h.Raw)) })
        | ResolveForged raw -> sut.ResolveWith(A, Some raw, fun () -> raw)
        | ResolveForeign -> sut.ResolveWith(B, Some(snd foreign), fun () -> snd foreign)
        | Unroot n ->
            lock gate (fun () ->
                match rooted.TryGetValue n with
                | true, resource ->
                    rooted.Remove n |> ignore
                    pending[n] <- resource
                | _ -> ())
            Done
        | Collect ->
            let unrooted = lock gate (fun () -> List.ofSeq pending.Keys)
            lock gate (fun () ->
                pending.Clear()
                unnumbered.Clear())
            Sut.FullCollect()
            for n in unrooted do
                match sut.Reread n with
                | Some resource -> lock gate (fun () -> pending[n] <- resource)
                | None -> ()
            sut.TakeNotices()
        | Dispose ->
            table.Dispose()
            Done
        | OpenScope parent ->
            let opened =
                match parent with
                | None -> underlying.OpenScope()
                | Some p -> (lock gate (fun () -> scopes[p])).OpenScope()
            lock gate (fun () -> scopes.Add opened)
            Done
        | CreateIn(sc, hold, ty, isRooted) ->
            let scope = lock gate (fun () -> scopes[sc])
            sut.Create(hold, ty, isRooted, number, Some scope, None)
        | CloseScope sc -> Sut.Answer((lock gate (fun () -> scopes[sc])).Close(), None, fun _ -> Done)
        | Promote(n, sc) ->
            let raw, ty = typed n
            let scope = lock gate (fun () -> scopes[sc])
            Sut.AtType(
                ty,
                { new IAtType<Answer> with
                    member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                        Sut.Answer(scope.Promote(Handle<'T>(raw)), Some raw, fun _ -> Done) })

    member private _.ResolveWith(ty: ResType, expectedRaw: int64 option, raw: unit -> int64) =
        Sut.AtType(
            ty,
            { new IAtType<Answer> with
                member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                    let asked = raw ()
                    Sut.Answer(
                        table.Resolve<'T>(asked),
                        expectedRaw,
                        fun h -> if h.Raw <> asked then Inconsistent $"resolved {asked} to {h.Raw}" else Resolved(underlying.CompactUnchecked h.Raw)) })

    /// Applies an operation to a hostile value.
    member private sut.Hostile(v: int64, api: RawApi) : Answer =
        let atType ty (f: IAtType<Answer>) = Sut.AtType(ty, f)
        match api with
        | ResolveAs ty -> sut.ResolveWith(ty, Some v, fun () -> v)
        | GetAs ty ->
            atType ty { new IAtType<Answer> with
                          member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                              Sut.Answer(table.Get(Handle<'T>(v)), Some v, fun r -> Got r.Id) }
        | TryGetAs ty ->
            atType ty { new IAtType<Answer> with
                          member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                              table.TryGet(Handle<'T>(v)).Match((fun (r: 'T) -> Got r.Id), (fun () -> Nothing)) }
        | HoldOfAs ty ->
            atType ty { new IAtType<Answer> with
                          member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                              Sut.Answer(table.HoldOf(Handle<'T>(v)), Some v, HoldIs) }
        | StateRaw -> StateIs(table.StateRaw v)
        | CheckRaw -> Sut.Answer(table.Check v, Some v, fun _ -> Done)
        | DropRaw -> Sut.Answer(table.DropRaw v, Some v, fun _ -> Done)
        | LoosenRaw -> Sut.Answer(table.LoosenRaw v, Some v, fun _ -> Done)
        | TightenRaw -> Sut.Answer(table.TightenRaw v, Some v, fun _ -> Done)
        | ToCompactRaw -> Sut.Answer(table.ToCompactRaw v, Some v, Resolved)

    member private sut.Create(hold: Hold, ty: ResType, isRooted: bool, number: int, scope: HandleScope option, ownedResource: Res option) : Answer =
        let resource = ownedResource |> Option.defaultWith (fun () -> Sut.Make(ty, number))
        let ownership = if ownedResource.IsSome then Ownership.Owned else Ownership.Borrowed
        resource.OnDispose <- Action<Res>(sut.Disposing)
        let added =
            Sut.AtType(
                ty,
                { new IAtType<LanguageExt.Fin<int64>> with
                    member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                        let added =
                            match scope with
                            | None -> table.Add<'T>(resource :?> 'T, hold, ownership)
                            | Some s -> s.Add<'T>(resource :?> 'T, hold, ownership)
                        added.Map(fun (h: Handle<'T>) -> h.Raw) })
        added.Match(
            (fun raw ->
                sut.Register(number, raw, ty)
                if ownedResource.IsSome then
                    resource.OwnedRaw <- raw
                    if number >= 0 && number < Sut.BranchLabels then lock gate (fun () -> owned[number] <- resource)
                lock gate (fun () ->
                    if record && number >= 0 then (if isRooted then rooted[number] <- resource else pending[number] <- resource)
                    else unnumbered.Add resource)
                Created(underlying.CompactUnchecked raw)),
            (fun (error: Error) ->
                match error with
                | :? HandleError as e when e.Raw = 0L -> Failed e.Code
                | e -> Inconsistent $"add failed with {e}"))

    [<MethodImpl(MethodImplOptions.NoInlining)>]
    static member private FullCollect() =
        GC.Collect()
        GC.WaitForPendingFinalizers()
        GC.Collect()

    /// Reads a surviving resource back through its handle, without changing the table.
    member private _.Reread(n: int) : Res option =
        let raw, ty = lock gate (fun () -> handles[n])
        Sut.AtType(
            ty,
            { new IAtType<Res option> with
                member _.Invoke<'T when 'T :> Res and 'T: not struct>() =
                    table.TryGet(Handle<'T>(raw)).MatchUnsafe((fun (r: 'T) -> Some(r :> Res)), (fun () -> None)) })

    member _.Counts: CountsSeen =
        let c = table.Counts
        { Strong = c.Strong
          Weak = c.Weak
          Collected = c.Collected
          Free = c.Free
          Retired = c.Retired
          Disposals = disposals |> Seq.sort |> List.ofSeq
          Faults = faults }

    interface IDisposable with
        member _.Dispose() =
            table.Dispose()
            (fst foreign).Dispose()

module Sut =
    /// A Compact32 table with a small capacity and few generations, so that TableFull and retirement happen;
    /// with `reclaim`, the table ends collected weak handles itself (SlotPolicy.Reclaim); `lanes` lanes (a table
    /// this small has one unless told otherwise, see Core.CSharp/Slots/SlotTable.Lanes.cs).
    let options capacity maxGeneration reclaim lanes =
        HandleTableOptions(
            Capacity = capacity,
            LanesOverride = lanes,
            Format = HandleFormat.Compact32,
            MaxGenerationOverride = maxGeneration,
            // The model numbers slots from 0 and generations from 1, as a table whose tag was never used does;
            // going on from earlier tables of the tag is tested on its own (Core tests, Slots/ValueLifetimeTests).
            OwnValueSpace = true,
            NotifyCollected = true,
            SlotPolicy = (if reclaim then SlotPolicy.Reclaim else SlotPolicy.Tombstone))

    let create (wrap: HandleTable -> RealTable) capacity maxGeneration reclaim lanes record =
        let table = HandleTable.TryCreate(options capacity maxGeneration reclaim lanes).Match(id, fun (e: Error) -> failwith e.Message)
        new Sut(wrap table :> ITable, table, capacity, record)
