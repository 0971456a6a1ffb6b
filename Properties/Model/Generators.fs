namespace Tether.Properties

open FsCheck
open FsCheck.FSharp
open Tether

/// Generates operations that fit the model's state, so most of them hit something interesting.
module Generators =
    let private hold = Gen.elements [ Hold.Strong; Hold.Weak ]
    let private resType = Gen.elements ResType.all

    /// A compact value: valid, stale, a future generation, generation 0, or a slot never issued.
    let compact (m: Model) =
        let entries = m.Entries |> Map.toList |> List.map snd
        let forged =
            [ yield Gen.choose (0, 5) |> Gen.map (fun k -> (1 <<< Model.compactBits) ||| (m.HighWater + k))
              yield Gen.choose (0, max 0 (m.HighWater - 1)) // generation 0
              if not entries.IsEmpty then
                  yield Gen.elements entries |> Gen.map Model.compactOf
                  yield Gen.elements entries
                        |> Gen.map (fun e -> ((m.SlotGeneration[e.Slot] + 1) <<< Model.compactBits) ||| e.Slot) ]
        Gen.oneof forged

    let forgedRaw =
        Gen.oneof
            [ Gen.elements [ 0L; -1L; System.Int64.MinValue; System.Int64.MaxValue; (1L <<< 53) ]
              Gen.choose (1, System.Int32.MaxValue) |> Gen.map int64 // tag 0: below 2^45
              Gen.choose (0, 1000) |> Gen.map (fun k -> (1L <<< 53) + int64 k) ]

    /// A 64-bit value from the whole range (negative included) that no table issues: one that happens to
    /// fall in MinRaw..MaxRaw gets a bit above bit 52 (its meaning there would depend on the table's tag,
    /// and in-range values are what `Forged` and the tag-bit flips are for).
    let outOfRange =
        let word = Gen.choose (0, 0xFFFF) |> Gen.map int64
        let any =
            Gen.map4 (fun a b c d -> (a <<< 48) ||| (b <<< 32) ||| (c <<< 16) ||| d) word word word word
            |> Gen.zip (Gen.choose (53, 63))
            |> Gen.map (fun (bit, v) -> if Model.inRange v then v ||| (1L <<< bit) else v)
        Gen.frequency
            [ 6, any
              1, Gen.elements [ 0L; 1L; -1L; System.Int64.MinValue; System.Int64.MaxValue; Model.minRaw - 1L; Model.maxRaw + 1L; 1L <<< 53; 1L <<< 54 ]
              2, Gen.choose (0, System.Int32.MaxValue) |> Gen.map int64 ]

    /// Which bit to flip: mostly low slot bits (another issued slot) and low generation bits (the slot's
    /// neighbouring generations), then tag bits, out-of-range bits, and anything.
    let private bit =
        Gen.frequency
            [ 4, Gen.choose (0, 3)
              1, Gen.choose (4, 23)
              4, Gen.choose (24, 26)
              1, Gen.choose (27, 44)
              3, Gen.choose (45, 52)
              2, Gen.choose (53, 63) ]

    /// A hostile value: a handle's raw (current or stale) with a bit flipped, bit 53 or 54 set, several bits
    /// changed; a value naming any slot at any generation; or a value out of range.
    let rawOf (m: Model) : Gen<RawOf> =
        let numbers = m.Entries |> Map.toList |> List.map fst
        let slotGen =
            let slot = Gen.frequency [ 8, Gen.choose (0, m.HighWater + 1); 1, Gen.choose (0, (1 <<< Model.indexBits) - 1) ]
            slot
            |> Gen.bind (fun s ->
                let g = m.SlotGeneration |> Map.tryFind s |> Option.defaultValue 0
                Gen.frequency
                    [ 6, Gen.elements [ g - 1; g; g; g + 1 ] |> Gen.map (max 0)
                      1, Gen.constant 0
                      1, Gen.choose (0, Model.generationMask) ]
                |> Gen.map (fun g -> Forged(s, g)))
        let always = [ 2, outOfRange |> Gen.map Literal; 4, slotGen ]
        let onHandles =
            if numbers.IsEmpty then []
            else
                let recent = numbers |> List.rev |> List.truncate 6
                let pick = Gen.frequency [ 3, Gen.elements recent; 1, Gen.elements numbers ]
                // A flip that lands on another issued slot, or on another generation this slot issued.
                let aimed n =
                    let e = m.Entries[n]
                    let slotBits = [ 0..23 ] |> List.filter (fun b -> (e.Slot ^^^ (1 <<< b)) < m.HighWater)
                    let current = m.SlotGeneration |> Map.tryFind e.Slot |> Option.defaultValue 0
                    let generationBits =
                        [ 0..20 ] |> List.filter (fun b -> let g = e.Generation ^^^ (1 <<< b) in g >= 1 && g <= current)
                    match slotBits @ (generationBits |> List.map ((+) Model.indexBits)) with
                    | [] -> bit
                    | bits -> Gen.elements bits
                [ 3, pick |> Gen.map (fun n -> RawXor(n, 0L))
                  6, Gen.map2 (fun n b -> RawXor(n, 1L <<< b)) pick bit
                  6, pick |> Gen.bind (fun n -> aimed n |> Gen.map (fun b -> RawXor(n, 1L <<< b)))
                  2, Gen.map2 (fun n b -> RawXor(n, 1L <<< b)) pick (Gen.elements [ 53; 54 ])
                  1, Gen.map3 (fun n a b -> RawXor(n, (1L <<< a) ^^^ (1L <<< b))) pick bit bit ]
        Gen.frequency (always @ onHandles)

    /// An operation on a hostile value; typed ones mostly ask for the type the value's slot holds.
    let hostile (m: Model) : Gen<Op> =
        rawOf m
        |> Gen.bind (fun target ->
            let likely =
                match target with
                | RawXor(n, _) -> Some m.Entries[n].Type
                | Forged(slot, _) -> m.SlotOwner |> Map.tryFind slot |> Option.map (fun n -> m.Entries[n].Type)
                | Literal _ -> None
            let ty =
                match likely with
                | Some t -> Gen.frequency [ 3, Gen.constant t; 1, resType ]
                | None -> resType
            let api =
                Gen.frequency
                    [ 3, ty |> Gen.map ResolveAs
                      3, ty |> Gen.map GetAs
                      1, ty |> Gen.map TryGetAs
                      2, ty |> Gen.map HoldOfAs
                      2, Gen.constant StateRaw
                      2, Gen.constant CheckRaw
                      3, Gen.constant DropRaw
                      2, Gen.constant LoosenRaw
                      2, Gen.constant TightenRaw
                      2, Gen.constant ToCompactRaw ]
            api |> Gen.map (fun a -> Hostile(target, a)))

    let private ownedNumbers (m: Model) =
        m.Entries |> Map.toList |> List.filter (fun (_, e) -> e.Owned) |> List.map fst

    let private onHandle (m: Model) (ops: (int * (int -> Op)) list) =
        let numbers = m.Entries |> Map.toList |> List.map fst
        // Favour recent handles: they are the ones most likely still current.
        let recent = numbers |> List.rev |> List.truncate 6
        let pick = Gen.frequency [ 3, Gen.elements recent; 1, Gen.elements numbers ]
        ops |> List.map (fun (weight, make) -> weight, pick |> Gen.map make)

    /// The next operation for a sequential run.
    let next (m: Model) : Gen<Op> =
        let always =
            [ 60, Gen.map3 (fun h t r -> Create(h, t, r)) hold resType (Gen.elements [ true; false ])
              15, Gen.map2 (fun c t -> ResolveCompact(c, t)) (compact m) resType
              5, forgedRaw |> Gen.map ResolveForged
              5, Gen.constant ResolveForeign
              (if m.Reclaim && Model.dyingCount m > 1 then 0 else 15), Gen.constant Collect
              3, Gen.constant Fill
              1, Gen.constant Dispose
              40, hostile m
              8, Gen.map2 (fun h t -> CreateOwned(h, t, None)) (Gen.frequency [ 4, Gen.constant Hold.Strong; 1, Gen.constant Hold.Weak ]) resType ]
            @ (match ownedNumbers m with
               | [] -> []
               | owned -> [ 4, Gen.elements owned |> Gen.map OwnAgain ])
        let scopes = m.Scopes |> Map.toList |> List.map fst
        let withScopes =
            [ yield 4, Gen.constant (OpenScope None)
              if not scopes.IsEmpty then
                  let scope = Gen.elements scopes
                  yield 3, scope |> Gen.map (Some >> OpenScope)
                  yield 15, Gen.map4 (fun sc h t r -> CreateIn(sc, h, t, r)) scope hold resType (Gen.elements [ true; false ])
                  yield 4, Gen.map2 (fun sc t -> CreateOwned(Hold.Strong, t, Some sc)) scope resType
                  yield 4, scope |> Gen.map CloseScope
                  if not m.Entries.IsEmpty then
                      // Promote mostly a handle of the scope it names, sometimes one of another.
                      let scoped = m.Entries |> Map.toList |> List.choose (fun (n, e) -> e.Scope |> Option.map (fun sc -> n, sc))
                      if not scoped.IsEmpty then yield 6, Gen.elements scoped |> Gen.map Promote
                      yield 2, Gen.map2 (fun n sc -> Promote(n, sc)) (Gen.elements (m.Entries |> Map.toList |> List.map fst)) scope ]
        let withHandles =
            if m.Entries.IsEmpty then []
            else
                onHandle m
                    [ 30, Drop
                      10, Take
                      20, Loosen
                      15, Tighten
                      40, Get
                      10, TryGet
                      10, StateOf
                      10, HoldOf
                      10, ToCompact
                      20, Unroot ]
                @ [ 30, Gen.map2 (fun n t -> Resolve(n, t)) (Gen.elements (m.Entries |> Map.toList |> List.map fst)) resType ]
        Gen.frequency (always @ withScopes @ withHandles)

    /// An operation for a parallel branch: it may only name handles and scopes of the sequential prefix, and
    /// it leaves out what would make the outcome depend on timing outside the table (GC, roots, Fill).
    /// Hostile values name the prefix's handles and any slot at any generation, so they hit the handles the
    /// other branches create and drop meanwhile.
    let parallelOp (prefix: Model) : Gen<Op> =
        let numbers = prefix.Entries |> Map.toList |> List.map fst
        // The values the next adds will get: the free slots in the order they are reused, at their next
        // generation, then fresh slots at generation 1. Another branch adds them while this one uses them.
        let upcoming =
            (prefix.Free |> List.map (fun slot -> Forged(slot, (prefix.SlotGeneration |> Map.tryFind slot |> Option.defaultValue 0) + 1)))
            @ [ Forged(prefix.HighWater, 1); Forged(prefix.HighWater + 1, 1) ]
            |> List.truncate 3
        let onUpcoming =
            Gen.map2
                (fun target api -> Hostile(target, api))
                (Gen.elements upcoming)
                (Gen.elements [ DropRaw; LoosenRaw; TightenRaw; CheckRaw; StateRaw; GetAs A; HoldOfAs A; ResolveAs B; ToCompactRaw ])
        let always =
            [ 15, Gen.map3 (fun h t r -> Create(h, t, r)) hold resType (Gen.constant true)
              10, onUpcoming
              5, Gen.map2 (fun h t -> CreateOwned(h, t, None)) (Gen.frequency [ 5, Gen.constant Hold.Strong; 1, Gen.constant Hold.Weak ]) resType
              3, Gen.map2 (fun c t -> ResolveCompact(c, t)) (compact prefix) resType
              30, hostile prefix
              1, Gen.constant Dispose ]
        let withHandles =
            if numbers.IsEmpty then []
            else
                let pick = Gen.elements (numbers |> List.rev |> List.truncate 3) // few handles: more collisions
                [ 20, pick |> Gen.map Drop
                  6, pick |> Gen.map Take
                  8, pick |> Gen.map Loosen
                  8, pick |> Gen.map Tighten
                  15, pick |> Gen.map Get
                  5, pick |> Gen.map TryGet
                  5, pick |> Gen.map StateOf
                  10, pick |> Gen.map HoldOf
                  3, pick |> Gen.map ToCompact
                  6, Gen.map2 (fun n t -> Resolve(n, t)) pick resType ]
        let scopes = prefix.Scopes |> Map.toList |> List.map fst
        let withScopes =
            if scopes.IsEmpty then []
            else
                let scope = Gen.elements scopes
                let scoped = prefix.Entries |> Map.toList |> List.choose (fun (n, e) -> e.Scope |> Option.map (fun sc -> n, sc))
                [ yield 6, Gen.map3 (fun sc h t -> CreateIn(sc, h, t, true)) scope hold resType
                  yield 3, scope |> Gen.map CloseScope
                  if not scoped.IsEmpty then yield 4, Gen.elements scoped |> Gen.map Promote ]
        Gen.frequency (always @ withHandles @ withScopes)
