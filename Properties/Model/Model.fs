namespace Tether.Properties

open Tether

/// Where a handle the model issued stands.
type Status =
    | Live of Hold
    /// Held weakly, and the GC collected its resource; a tombstone until dropped.
    | Gone
    | Ended

/// `Resource` is the label of the resource (the creation number, unless a parallel branch or OwnAgain says
/// otherwise); `Owned`: the table disposes it when the handle ends.
type Entry =
    { Type: ResType
      Slot: int
      Generation: int
      Status: Status
      Scope: int option
      Resource: int
      Owned: bool }

/// A scope: where it sits, and whether it is still open.
type ScopeState = { Parent: int option; Open: bool }

/// What the table makes of a value, before the operation looks at types and holds.
type Seen =
    /// Never issued: out of range, tag 0, generation 0, a slot never used, a future generation.
    | SeenUnknown
    /// In range, with a tag that is the table's XOR-ed with this (non-zero) mask.
    | SeenOtherTag of int
    /// Issued and ended (or a slot's earlier generation).
    | SeenDropped
    /// Ended by the Reclaim policy after a collection, slot not reused since.
    | SeenReclaimed
    /// The current handle n (alive or a collected tombstone).
    | SeenCurrent of int

/// A pure, immutable model of a Compact32 handle table: slots, generations, holds, roots, capacity, disposal,
/// ownership and the slot policy.
type Model =
    { Capacity: int
      MaxGeneration: int
      /// SlotPolicy.Reclaim: a collected weak handle is ended by the table and its slot freed.
      Reclaim: bool
      /// Every handle ever issued, by creation number.
      Entries: Map<int, Entry>
      /// The generation each slot issued last.
      SlotGeneration: Map<int, int>
      /// The handle that currently owns a slot, if any.
      SlotOwner: Map<int, int>
      /// Free slots whose last handle the table reclaimed (their stamp says collected until reused).
      ReclaimedSlots: Set<int>
      /// Free slots, most recently freed first: the table reuses them LIFO.
      Free: int list
      HighWater: int
      Retired: int
      /// Resources the test still holds a strong reference to.
      Rooted: Set<int>
      Disposed: bool
      /// The resources the table disposed, most recent first, one entry per disposal.
      Disposals: int list
      /// Scopes by opening number.
      Scopes: Map<int, ScopeState>
      /// What the last operation answered.
      Last: Answer }

module Model =
    let compactBits = 20
    let indexBits = 24
    let generationBits = 21
    let generationMask = (1 <<< generationBits) - 1
    let minRaw = 1L <<< 45
    let maxRaw = (1L <<< 53) - 1L

    let create capacity maxGeneration reclaim =
        { Capacity = capacity
          MaxGeneration = maxGeneration
          Reclaim = reclaim
          Entries = Map.empty
          SlotGeneration = Map.empty
          SlotOwner = Map.empty
          ReclaimedSlots = Set.empty
          Free = []
          HighWater = 0
          Retired = 0
          Rooted = Set.empty
          Disposed = false
          Disposals = []
          Scopes = Map.empty
          Last = Done }

    let compactOf (e: Entry) = (e.Generation <<< compactBits) ||| e.Slot

    let isCurrent e =
        match e.Status with
        | Live _
        | Gone -> true
        | Ended -> false

    let live m = m.Entries |> Map.filter (fun _ e -> isCurrent e) |> Map.count

    let counts m : CountsSeen =
        let count pred = m.Entries |> Map.filter (fun _ e -> pred e.Status) |> Map.count
        let strong = count ((=) (Live Hold.Strong))
        let weak = count ((=) (Live Hold.Weak))
        let gone = count ((=) Gone)
        { Strong = strong
          Weak = weak
          Collected = gone
          // Free is what adds can still get: nothing once disposed. (The model's capacity is far below the
          // slot limit, so retired slots never make the free list the bound.)
          Free = if m.Disposed then 0 else m.Capacity - strong - weak - gone
          Retired = m.Retired
          Disposals = List.sort m.Disposals
          Faults = 0 }

    /// What the table must answer, now that the table's tag is known (a value whose tag was XOR-ed with the
    /// table's own tag has tag 0, so it is out of range: Unknown rather than WrongTable).
    let expect (tag: int) (answer: Answer) =
        match answer with
        | UnknownIfTag t -> Failed(if t = tag then HandleErrorCode.Unknown else HandleErrorCode.WrongTable)
        | a -> a

    let private answer outcome m = { m with Last = outcome }
    let private fail code m = answer (Failed code) m

    let private setStatus n status m =
        { m with Entries = m.Entries |> Map.add n { m.Entries[n] with Status = status } }

    /// Ends handle n and frees or retires its slot; an owned resource is disposed when `dispose`.
    let private finish dispose n m =
        let e = m.Entries[n]
        let m = { m with Entries = m.Entries |> Map.add n { e with Status = Ended; Scope = None } }
        let m = { m with SlotOwner = m.SlotOwner |> Map.remove e.Slot }
        let m = if dispose && e.Owned then { m with Disposals = e.Resource :: m.Disposals } else m
        if e.Generation >= m.MaxGeneration then { m with Retired = m.Retired + 1 }
        else { m with Free = e.Slot :: m.Free }

    let private addIn label scope hold ty rooted owned m =
        let n = m.Entries.Count
        let slot, free, highWater =
            match m.Free with
            | slot :: rest -> slot, rest, m.HighWater
            | [] -> m.HighWater, [], m.HighWater + 1
        let generation = (m.SlotGeneration |> Map.tryFind slot |> Option.defaultValue 0) + 1
        let entry =
            { Type = ty
              Slot = slot
              Generation = generation
              Status = Live hold
              Scope = scope
              Resource = defaultArg label n
              Owned = owned }
        let m =
            { m with
                Entries = m.Entries |> Map.add n entry
                SlotGeneration = m.SlotGeneration |> Map.add slot generation
                SlotOwner = m.SlotOwner |> Map.add slot n
                ReclaimedSlots = m.ReclaimedSlots |> Set.remove slot
                Free = free
                HighWater = highWater
                Rooted = if rooted then m.Rooted |> Set.add n else m.Rooted }
        answer (Created(compactOf entry)) m

    let private canAdd m =
        if m.Disposed then Some HandleErrorCode.Disposed
        else if live m >= m.Capacity then Some HandleErrorCode.TableFull
        else None

    /// What a value of this table's tag naming (slot, generation) is.
    let classifyOurs m slot generation =
        if generation <= 0 || slot < 0 || slot >= m.HighWater then SeenUnknown
        else
            let current = m.SlotGeneration |> Map.tryFind slot |> Option.defaultValue 0
            if generation > current then SeenUnknown
            elif generation < current then SeenDropped
            else
                match m.SlotOwner |> Map.tryFind slot with
                | Some n -> SeenCurrent n
                | None when m.ReclaimedSlots.Contains slot -> SeenReclaimed
                | None -> SeenDropped

    let inRange (v: int64) = v >= minRaw && v <= maxRaw

    /// What the table makes of a hostile value.
    let classify m (target: RawOf) =
        match target with
        | Literal v when inRange v -> invalidArg "target" $"literal {v} is in range: its meaning depends on the table's tag"
        | Literal _ -> SeenUnknown
        | Forged(slot, generation) -> classifyOurs m slot generation
        | RawXor(n, x) ->
            let e = m.Entries[n]
            if (uint64 x >>> 53) <> 0UL then SeenUnknown
            else
                let tagMask = int ((x >>> 45) &&& 0xFFL)
                if tagMask <> 0 then SeenOtherTag tagMask
                else
                    let slot = e.Slot ^^^ int (x &&& ((1L <<< indexBits) - 1L))
                    let generation = e.Generation ^^^ int ((x >>> indexBits) &&& int64 generationMask)
                    classifyOurs m slot generation

    let private ownSeen m n =
        let e = m.Entries[n]
        classifyOurs m e.Slot e.Generation

    /// The error for what the table saw, as HandleTable.ErrorOf builds it (the table is not disposed).
    let private errorOf m seen (ty: ResType option) =
        match seen with
        | SeenUnknown -> Failed HandleErrorCode.Unknown
        | SeenOtherTag t -> UnknownIfTag t
        | SeenDropped -> Failed HandleErrorCode.Dropped
        | SeenReclaimed -> Failed HandleErrorCode.Collected
        | SeenCurrent n ->
            let e = m.Entries[n]
            match ty with
            | Some t when t <> e.Type -> Failed HandleErrorCode.WrongType
            | _ when e.Status = Gone -> Failed HandleErrorCode.Collected
            | _ -> Failed HandleErrorCode.Unknown

    /// The current handle a value names, when its type fits (None: any type).
    let private currentAs m seen (ty: ResType option) =
        match seen with
        | SeenCurrent n ->
            match ty with
            | Some t when t <> m.Entries[n].Type -> None
            | _ -> Some n
        | _ -> None

    type private Act =
        | ActResolve
        | ActGet
        | ActTryGet
        | ActHoldOf
        | ActState
        | ActCheck
        | ActDrop
        | ActTake
        | ActLoosen
        | ActTighten
        | ActToCompact

    /// One operation on a value the table classified as `seen`, typed (Some) or for any type (None).
    let private act (m: Model) seen (ty: ResType option) (a: Act) : Model =
        let cur = currentAs m seen ty
        let holdOf n =
            match m.Entries[n].Status with
            | Live hold -> Some hold
            | _ -> None
        let error () = answer (errorOf m seen ty) m
        match a with
        | ActState ->
            let state =
                match seen with
                | SeenCurrent n when (match ty with Some t -> t <> m.Entries[n].Type | None -> false) -> HandleState.Unknown
                | SeenCurrent n when m.Entries[n].Status = Gone -> HandleState.Collected
                | SeenCurrent _ -> HandleState.Alive
                | SeenReclaimed -> HandleState.Collected
                | SeenDropped -> HandleState.Dropped
                | SeenUnknown
                | SeenOtherTag _ -> HandleState.Unknown
            answer (StateIs state) m
        | ActTryGet ->
            match cur with
            | Some n when not m.Disposed && (holdOf n).IsSome -> answer (Got m.Entries[n].Resource) m
            | _ -> answer Nothing m
        | _ when m.Disposed -> fail HandleErrorCode.Disposed m
        | ActGet
        | ActHoldOf ->
            match cur |> Option.bind (fun n -> holdOf n |> Option.map (fun hold -> n, hold)) with
            | Some(n, hold) -> answer (if a = ActGet then Got m.Entries[n].Resource else HoldIs hold) m
            | None -> error ()
        | ActResolve
        | ActToCompact ->
            match cur with
            | Some n -> answer (Resolved(compactOf m.Entries[n])) m
            | None -> error ()
        | ActCheck ->
            match cur with
            | Some n when (holdOf n).IsSome -> answer Done m
            | _ -> error ()
        | ActDrop ->
            match cur with
            | Some n -> finish true n m |> answer Done
            | None -> error ()
        | ActTake ->
            match cur with
            | Some n when (holdOf n).IsSome -> finish false n { m with Rooted = m.Rooted |> Set.add n } |> answer (Got m.Entries[n].Resource)
            | Some _ -> fail HandleErrorCode.Collected m
            | None -> error ()
        | ActLoosen ->
            match cur with
            | Some n when m.Entries[n].Owned -> fail HandleErrorCode.InvalidArgument m
            | Some n when (holdOf n).IsSome -> setStatus n (Live Hold.Weak) m |> answer Done
            | Some _ -> fail HandleErrorCode.Collected m
            | None -> error ()
        | ActTighten ->
            match cur with
            | Some n when (holdOf n).IsSome -> setStatus n (Live Hold.Strong) m |> answer Done
            | Some _ -> fail HandleErrorCode.Collected m
            | None -> error ()

    let private onHandle m n a =
        act m (ownSeen m n) (Some m.Entries[n].Type) a

    /// Which weak resources die in a full GC: exactly those the test does not root (a weak entry's resource
    /// is in no other entry, so the table does not hold it strongly). Each newly collected handle is reported
    /// exactly once, by the notice stream; with Reclaim the table then ends it and frees its slot.
    let private collect m =
        let dies n e = e.Status = Live Hold.Weak && not (m.Rooted |> Set.contains n)
        let dying = m.Entries |> Map.filter dies |> Map.toList |> List.map fst
        let entries = m.Entries |> Map.map (fun n e -> if dies n e then { e with Status = Gone } else e)
        let m = { m with Entries = entries }
        let m =
            if not m.Reclaim then m
            else
                dying
                |> List.fold
                    (fun m n ->
                        let slot = m.Entries[n].Slot
                        let m = finish false n m
                        { m with ReclaimedSlots = m.ReclaimedSlots |> Set.add slot })
                    m
        answer (Noticed dying) m

    /// How many handles a Collect would report now (with Reclaim the model can only predict the slot order
    /// of at most one reclaimed slot per collection: the notices arrive in finalizer order).
    let dyingCount m =
        m.Entries |> Map.filter (fun n e -> e.Status = Live Hold.Weak && not (m.Rooted |> Set.contains n)) |> Map.count

    /// A scope and every scope inside it.
    let rec family (m: Model) scope =
        scope :: (m.Scopes |> Map.toList |> List.filter (fun (_, s) -> s.Parent = Some scope) |> List.collect (fst >> family m))

    let private scopeOpen (m: Model) scope = not m.Disposed && m.Scopes[scope].Open

    /// Whether a live handle of the table owns resource r.
    let private ownedNow m r =
        m.Entries |> Map.exists (fun _ e -> isCurrent e && e.Owned && e.Resource = r)

    let private ofApi api =
        match api with
        | ResolveAs t -> Some t, ActResolve
        | GetAs t -> Some t, ActGet
        | TryGetAs t -> Some t, ActTryGet
        | HoldOfAs t -> Some t, ActHoldOf
        | StateRaw -> None, ActState
        | CheckRaw -> None, ActCheck
        | DropRaw -> None, ActDrop
        | LoosenRaw -> None, ActLoosen
        | TightenRaw -> None, ActTighten
        | ToCompactRaw -> None, ActToCompact

    /// Runs one operation on the model: the next model, with `Last` set to what the table must answer.
    /// `label` names the resource a creation adds (default: its creation number).
    let stepAs (label: int option) (m: Model) (op: Op) : Model =
        match op with
        | Create(hold, ty, rooted) ->
            match canAdd m with
            | Some code -> fail code m
            | None -> addIn label None hold ty rooted false m
        | CreateOwned(hold, ty, scope) ->
            if hold = Hold.Weak then fail HandleErrorCode.InvalidArgument m
            else
                match scope with
                | Some sc when not (scopeOpen m sc) -> fail HandleErrorCode.Disposed m
                | _ ->
                    match canAdd m with
                    | Some code -> fail code m
                    | None -> addIn label scope hold ty false true m
        | OwnAgain n ->
            let e = m.Entries[n]
            if ownedNow m e.Resource then fail HandleErrorCode.InvalidArgument m
            else
                match canAdd m with
                | Some code -> fail code m
                | None -> addIn (Some e.Resource) None Hold.Strong e.Type false true m
        | Fill ->
            let rec loop added m =
                match canAdd m with
                | Some code -> answer (Filled(added, code)) m
                | None -> loop (added + 1) (addIn None None Hold.Strong A false false m)
            loop 0 m
        | Drop n -> onHandle m n ActDrop
        | Take n -> onHandle m n ActTake
        | Loosen n -> onHandle m n ActLoosen
        | Tighten n -> onHandle m n ActTighten
        | Get n -> onHandle m n ActGet
        | TryGet n -> onHandle m n ActTryGet
        | HoldOf n -> onHandle m n ActHoldOf
        | StateOf n -> onHandle m n ActState
        | ToCompact n -> onHandle m n ActToCompact
        | Resolve(n, ty) -> act m (ownSeen m n) (Some ty) ActResolve
        | ResolveCompact(compact, ty) ->
            if compact <= 0 then fail (if m.Disposed then HandleErrorCode.Disposed else HandleErrorCode.Unknown) m
            else act m (classifyOurs m (compact &&& ((1 <<< compactBits) - 1)) (compact >>> compactBits)) (Some ty) ActResolve
        | ResolveForged _ -> act m SeenUnknown (Some A) ActResolve
        | ResolveForeign -> fail (if m.Disposed then HandleErrorCode.Disposed else HandleErrorCode.WrongTable) m
        | Hostile(target, api) ->
            let ty, a = ofApi api
            act m (classify m target) ty a
        | Unroot n -> answer Done { m with Rooted = m.Rooted |> Set.remove n }
        | Collect -> collect m
        | Dispose ->
            let owned =
                m.Entries |> Map.toList |> List.choose (fun (_, e) -> if isCurrent e && e.Owned then Some e.Resource else None)
            let entries = m.Entries |> Map.map (fun _ e -> if isCurrent e then { e with Status = Ended; Scope = None } else e)
            let scopes = m.Scopes |> Map.map (fun _ s -> { s with Open = false })
            answer
                Done
                { m with
                    Disposed = true
                    Entries = entries
                    SlotOwner = Map.empty
                    Free = []
                    Scopes = scopes
                    Disposals = (if m.Disposed then [] else owned) @ m.Disposals }
        | OpenScope parent ->
            // Always a scope: born closed on a disposed table or in a closed scope, so adds through it fail.
            let bornOpen =
                not m.Disposed
                && (match parent with
                    | Some p -> scopeOpen m p
                    | None -> true)
            answer Done { m with Scopes = m.Scopes |> Map.add m.Scopes.Count { Parent = parent; Open = bornOpen } }
        | CreateIn(scope, hold, ty, rooted) ->
            if not (scopeOpen m scope) then fail HandleErrorCode.Disposed m
            else
                match canAdd m with
                | Some code -> fail code m
                | None -> addIn label (Some scope) hold ty rooted false m
        | CloseScope scope ->
            if not (scopeOpen m scope) then answer Done m
            else
                let closing = family m scope |> Set.ofList
                // The table ends a closing scope's handles in slot order, so slot reuse is predictable.
                let members =
                    m.Entries
                    |> Map.toList
                    |> List.filter (fun (_, e) -> isCurrent e && e.Scope.IsSome && closing.Contains e.Scope.Value)
                    |> List.sortBy (fun (_, e) -> e.Slot)
                let m = members |> List.fold (fun m (n, _) -> finish true n m) m
                let scopes = m.Scopes |> Map.map (fun i s -> if closing.Contains i then { s with Open = false } else s)
                answer Done { m with Scopes = scopes }
        | Promote(n, scope) ->
            let e = m.Entries[n]
            if not (scopeOpen m scope) then fail HandleErrorCode.Disposed m
            else
                let seen = ownSeen m n
                match currentAs m seen (Some e.Type) with
                | None -> answer (errorOf m seen (Some e.Type)) m
                | Some _ when e.Scope <> Some scope -> fail HandleErrorCode.WrongScope m
                | Some _ ->
                    let entries = m.Entries |> Map.add n { e with Scope = m.Scopes[scope].Parent }
                    answer Done { m with Entries = entries }

    let step m op = stepAs None m op
