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
              15, Gen.constant Collect
              3, Gen.constant Fill
              1, Gen.constant Dispose ]
        let scopes = m.Scopes |> Map.toList |> List.map fst
        let withScopes =
            [ yield 4, Gen.constant (OpenScope None)
              if not scopes.IsEmpty then
                  let scope = Gen.elements scopes
                  yield 3, scope |> Gen.map (Some >> OpenScope)
                  yield 15, Gen.map4 (fun sc h t r -> CreateIn(sc, h, t, r)) scope hold resType (Gen.elements [ true; false ])
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

    /// An operation for a parallel branch: it may only name handles of the sequential prefix, and it leaves
    /// out what would make the outcome depend on timing outside the table (GC, roots, Fill).
    let parallelOp (prefix: Model) : Gen<Op> =
        let numbers = prefix.Entries |> Map.toList |> List.map fst
        let always =
            [ 20, Gen.map3 (fun h t r -> Create(h, t, r)) hold resType (Gen.constant true)
              5, Gen.map2 (fun c t -> ResolveCompact(c, t)) (compact prefix) resType
              1, Gen.constant Dispose ]
        let withHandles =
            if numbers.IsEmpty then []
            else
                let pick = Gen.elements (numbers |> List.rev |> List.truncate 3) // few handles: more collisions
                [ 25, pick |> Gen.map Drop
                  10, pick |> Gen.map Take
                  10, pick |> Gen.map Loosen
                  10, pick |> Gen.map Tighten
                  25, pick |> Gen.map Get
                  10, pick |> Gen.map StateOf
                  10, Gen.map2 (fun n t -> Resolve(n, t)) pick resType ]
        Gen.frequency (always @ withHandles)
