namespace Tether.Properties

open Tether

/// Where a handle the model issued stands.
type Status =
    | Live of Hold
    /// Held weakly, and the GC collected its resource; a tombstone until dropped.
    | Gone
    | Ended

type Entry = { Type: ResType; Slot: int; Generation: int; Status: Status; Scope: int option }

/// A scope: where it sits, and whether it is still open.
type ScopeState = { Parent: int option; Open: bool }

/// A pure, immutable model of a Compact32 handle table: slots, generations, holds, roots, capacity, disposal.
type Model =
    { Capacity: int
      MaxGeneration: int
      /// Every handle ever issued, by creation number (= resource id).
      Entries: Map<int, Entry>
      /// The generation each slot issued last.
      SlotGeneration: Map<int, int>
      /// The handle that currently owns a slot, if any.
      SlotOwner: Map<int, int>
      /// Free slots, most recently freed first: the table reuses them LIFO.
      Free: int list
      HighWater: int
      Retired: int
      /// Resources the test still holds a strong reference to.
      Rooted: Set<int>
      Disposed: bool
      /// Scopes by opening number.
      Scopes: Map<int, ScopeState>
      /// What the last operation answered.
      Last: Answer }

module Model =
    let compactBits = 20

    let create capacity maxGeneration =
        { Capacity = capacity
          MaxGeneration = maxGeneration
          Entries = Map.empty
          SlotGeneration = Map.empty
          SlotOwner = Map.empty
          Free = []
          HighWater = 0
          Retired = 0
          Rooted = Set.empty
          Disposed = false
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
        { Strong = strong; Weak = weak; Collected = gone; Free = m.Capacity - strong - weak - gone; Retired = m.Retired }

    let private answer outcome m = { m with Last = outcome }
    let private fail code m = answer (Failed code) m

    let private setStatus n status m =
        { m with Entries = m.Entries |> Map.add n { m.Entries[n] with Status = status } }

    /// Ends handle n and frees or retires its slot.
    let private finish n m =
        let e = m.Entries[n]
        let m = { setStatus n Ended m with Entries = m.Entries |> Map.add n { e with Status = Ended; Scope = None } }
        let m = { m with SlotOwner = m.SlotOwner |> Map.remove e.Slot }
        if e.Generation >= m.MaxGeneration then { m with Retired = m.Retired + 1 }
        else { m with Free = e.Slot :: m.Free }

    /// The error a mutation of handle n gives, if any (not counting Collected).
    let private checkCurrent n m =
        if m.Disposed then Some HandleErrorCode.Disposed
        else if not (isCurrent m.Entries[n]) then Some HandleErrorCode.Dropped
        else None

    let private addIn scope hold ty rooted m =
        let n = m.Entries.Count
        let slot, free, highWater =
            match m.Free with
            | slot :: rest -> slot, rest, m.HighWater
            | [] -> m.HighWater, [], m.HighWater + 1
        let generation = (m.SlotGeneration |> Map.tryFind slot |> Option.defaultValue 0) + 1
        let entry = { Type = ty; Slot = slot; Generation = generation; Status = Live hold; Scope = scope }
        let m =
            { m with
                Entries = m.Entries |> Map.add n entry
                SlotGeneration = m.SlotGeneration |> Map.add slot generation
                SlotOwner = m.SlotOwner |> Map.add slot n
                Free = free
                HighWater = highWater
                Rooted = if rooted then m.Rooted |> Set.add n else m.Rooted }
        answer (Created(compactOf entry)) m

    let private add hold ty rooted m = addIn None hold ty rooted m

    let private canAdd m =
        if m.Disposed then Some HandleErrorCode.Disposed
        else if live m >= m.Capacity then Some HandleErrorCode.TableFull
        else None

    /// What resolving a compact value as type ty gives.
    let private resolveCompact compact ty m =
        let slot = compact &&& ((1 <<< compactBits) - 1)
        let generation = compact >>> compactBits
        let current = m.SlotGeneration |> Map.tryFind slot
        if m.Disposed then Failed HandleErrorCode.Disposed
        else if compact <= 0 || slot >= m.HighWater || generation = 0 then Failed HandleErrorCode.Unknown
        else
            match current with
            | None -> Failed HandleErrorCode.Unknown
            | Some g when generation > g -> Failed HandleErrorCode.Unknown
            | Some g when generation < g -> Failed HandleErrorCode.Dropped
            | Some _ ->
                match m.SlotOwner |> Map.tryFind slot with
                | None -> Failed HandleErrorCode.Dropped
                | Some n when m.Entries[n].Type <> ty -> Failed HandleErrorCode.WrongType
                | Some _ -> Resolved compact

    /// Which weak resources die in a full GC: exactly those the test does not root (each resource is in
    /// at most one entry, so a weak entry's resource is not held strongly by the table).
    /// Each newly collected handle is reported exactly once, by the notice stream.
    let private collect m =
        let dies n e = e.Status = Live Hold.Weak && not (m.Rooted |> Set.contains n)
        let dying = m.Entries |> Map.filter dies |> Map.toList |> List.map fst
        let entries = m.Entries |> Map.map (fun n e -> if dies n e then { e with Status = Gone } else e)
        answer (Noticed dying) { m with Entries = entries }

    /// A scope and every scope inside it.
    let rec private family (m: Model) scope =
        scope :: (m.Scopes |> Map.toList |> List.filter (fun (_, s) -> s.Parent = Some scope) |> List.collect (fst >> family m))

    let private scopeOpen (m: Model) scope = not m.Disposed && m.Scopes[scope].Open

    /// Runs one operation on the model: the next model, with `Last` set to what the table must answer.
    let step (m: Model) (op: Op) : Model =
        match op with
        | Create(hold, ty, rooted) ->
            match canAdd m with
            | Some code -> fail code m
            | None -> add hold ty rooted m
        | Fill ->
            let rec loop added m =
                match canAdd m with
                | Some code -> answer (Filled(added, code)) m
                | None -> loop (added + 1) (add Hold.Strong A false m)
            loop 0 m
        | Drop n ->
            match checkCurrent n m with
            | Some code -> fail code m
            | None -> finish n m |> answer Done
        | Take n ->
            match checkCurrent n m with
            | Some code -> fail code m
            | None when m.Entries[n].Status = Gone -> fail HandleErrorCode.Collected m
            | None -> finish n { m with Rooted = m.Rooted |> Set.add n } |> answer (Got n)
        | Loosen n ->
            match checkCurrent n m, m.Entries[n].Status with
            | Some code, _ -> fail code m
            | None, Gone -> fail HandleErrorCode.Collected m
            | None, _ -> setStatus n (Live Hold.Weak) m |> answer Done
        | Tighten n ->
            match checkCurrent n m, m.Entries[n].Status with
            | Some code, _ -> fail code m
            | None, Gone -> fail HandleErrorCode.Collected m
            | None, _ -> setStatus n (Live Hold.Strong) m |> answer Done
        | Get n
        | TryGet n ->
            let outcome =
                match checkCurrent n m, m.Entries[n].Status with
                | Some code, _ -> Failed code
                | None, Gone -> Failed HandleErrorCode.Collected
                | None, _ -> Got n
            match op, outcome with
            | TryGet _, Failed _ -> answer Nothing m
            | _ -> answer outcome m
        | HoldOf n ->
            match checkCurrent n m, m.Entries[n].Status with
            | Some code, _ -> fail code m
            | None, Gone -> fail HandleErrorCode.Collected m
            | None, Live hold -> answer (HoldIs hold) m
            | None, Ended -> fail HandleErrorCode.Dropped m
        | StateOf n ->
            let state =
                match m.Entries[n].Status with
                | _ when m.Disposed -> HandleState.Dropped
                | Live _ -> HandleState.Alive
                | Gone -> HandleState.Collected
                | Ended -> HandleState.Dropped
            answer (StateIs state) m
        | ToCompact n ->
            match checkCurrent n m with
            | Some code -> fail code m
            | None -> answer (Resolved(compactOf m.Entries[n])) m
        | Resolve(n, ty) ->
            let e = m.Entries[n]
            match checkCurrent n m with
            | Some code -> fail code m
            | None when e.Type <> ty -> fail HandleErrorCode.WrongType m
            | None -> answer (Resolved(compactOf e)) m
        | ResolveCompact(compact, ty) -> answer (resolveCompact compact ty m) m
        | ResolveForged _ -> fail (if m.Disposed then HandleErrorCode.Disposed else HandleErrorCode.Unknown) m
        | ResolveForeign -> fail (if m.Disposed then HandleErrorCode.Disposed else HandleErrorCode.WrongTable) m
        | Unroot n -> answer Done { m with Rooted = m.Rooted |> Set.remove n }
        | Collect -> collect m
        | Dispose ->
            let entries = m.Entries |> Map.map (fun _ e -> if isCurrent e then { e with Status = Ended } else e)
            let scopes = m.Scopes |> Map.map (fun _ s -> { s with Open = false })
            answer Done { m with Disposed = true; Entries = entries; SlotOwner = Map.empty; Free = []; Scopes = scopes }
        | OpenScope parent ->
            match parent with
            | _ when m.Disposed -> fail HandleErrorCode.Disposed m
            | Some p when not (scopeOpen m p) -> fail HandleErrorCode.Disposed m
            | _ -> answer Done { m with Scopes = m.Scopes |> Map.add m.Scopes.Count { Parent = parent; Open = true } }
        | CreateIn(scope, hold, ty, rooted) ->
            if not (scopeOpen m scope) then fail HandleErrorCode.Disposed m
            else
                match canAdd m with
                | Some code -> fail code m
                | None -> addIn (Some scope) hold ty rooted m
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
                let m = members |> List.fold (fun m (n, _) -> finish n m) m
                let scopes = m.Scopes |> Map.map (fun i s -> if closing.Contains i then { s with Open = false } else s)
                answer Done { m with Scopes = scopes }
        | Promote(n, scope) ->
            let e = m.Entries[n]
            if not (scopeOpen m scope) then fail HandleErrorCode.Disposed m
            else
                match checkCurrent n m with
                | Some code -> fail code m
                | None when e.Scope <> Some scope -> fail HandleErrorCode.WrongScope m
                | None ->
                    let entries = m.Entries |> Map.add n { e with Scope = m.Scopes[scope].Parent }
                    answer Done { m with Entries = entries }
