namespace Tether.Properties

open System
open System.Collections.Generic
open System.Threading
open FsCheck
open FsCheck.FSharp

/// A sequential prefix, then branches run at once on separate threads, on a table with the given slot policy.
type ParallelCase =
    { Reclaim: bool
      Prefix: Op list
      Branches: Op list list }

    override c.ToString() =
        let show ops = ops |> List.map string |> String.concat "; "
        let branches = c.Branches |> List.mapi (fun i b -> $"  thread {i + 1}: {show b}") |> String.concat "\n"
        let policy = if c.Reclaim then "Reclaim" else "Tombstone"
        $"policy: {policy}\nprefix: {show c.Prefix}\n{branches}"

/// The parallel check: every observed result must be explained by some interleaving of the branches
/// run on the model, as in quickcheck-state-machine's linearizability check. Branches use hostile values
/// (bit flips, forged slots and generations, out-of-range values) while the other threads add and drop,
/// so slots are reused under the lookups.
module Parallel =
    let capacity = Sequential.capacity
    let maxGeneration = Sequential.maxGeneration
    let threads = 3
    let maxBranch = 5

    /// The resource label a creation on thread i, step j gets: distinct from every creation number.
    let label thread index = Sut.BranchLabels + 100 * thread + index

    let private slotMask = (1 <<< Model.indexBits) - 1

    /// The slots (as the prefix numbers them) an op reads or changes by naming them.
    let private slotsOf (prefix: Model) op =
        match op with
        | Drop n | Take n | Loosen n | Tighten n | Get n | TryGet n | StateOf n | HoldOf n | ToCompact n | Resolve(n, _)
        | Promote(n, _) -> [ prefix.Entries[n].Slot ]
        | Hostile(RawXor(n, x), _) when (uint64 x >>> 45) = 0UL -> [ prefix.Entries[n].Slot ^^^ int (x &&& int64 slotMask) ]
        | Hostile(Forged(slot, _), _) -> [ slot ]
        | ResolveCompact(c, _) -> [ c &&& ((1 <<< Model.compactBits) - 1) ]
        | _ -> []

    let private scopesOf op =
        match op with
        | CreateIn(sc, _, _, _)
        | CreateOwned(_, _, Some sc)
        | Promote(_, sc) -> [ sc ]
        | _ -> []

    /// Leaves out what a linearizability check cannot explain because the table does not do it in one
    /// step: closing a scope ends its members one by one while lock-free reads go on (so no other thread may
    /// read them, add to the closing scopes or promote out of them), and an add to a scope that a concurrent
    /// Dispose closes claims a slot before it fails.
    let explicable (prefix: Model) (branches: Op list list) =
        let closedBy i =
            branches[i] |> List.choose (function CloseScope sc when prefix.Scopes.ContainsKey sc -> Some sc | _ -> None)
            |> List.collect (Model.family prefix) |> Set.ofList
        let closedByAny = List.init branches.Length closedBy |> Set.unionMany
        let disposes i = branches[i] |> List.contains Dispose
        branches
        |> List.mapi (fun j ops ->
            let others = [ 0 .. branches.Length - 1 ] |> List.filter ((<>) j)
            let closedByOthers = others |> List.map closedBy |> Set.unionMany
            let memberSlots =
                prefix.Entries
                |> Map.toList
                |> List.choose (fun (_, e) ->
                    match e.Scope with
                    | Some sc when Model.isCurrent e && closedByOthers.Contains sc -> Some e.Slot
                    | _ -> None)
                |> Set.ofList
            let otherDisposes = others |> List.exists disposes
            ops
            |> List.filter (fun op ->
                let intoScope =
                    match op with
                    | CreateIn(sc, _, _, _) | CreateOwned(_, _, Some sc) -> Some sc
                    | _ -> None
                not (intoScope |> Option.exists closedByAny.Contains)
                && not (scopesOf op |> List.exists closedByOthers.Contains)
                && not (slotsOf prefix op |> List.exists memberSlots.Contains)
                && not (otherDisposes && intoScope.IsSome)))

    let private prefixOp (m: Model) =
        Generators.next m
        |> Gen.filter (function
            | Dispose -> false
            | Collect when m.Reclaim -> Model.dyingCount m <= 1
            | _ -> true)

    let generate: Gen<ParallelCase> =
        gen {
            let! reclaim = Gen.elements [ false; true ]
            let! prefixLength = Gen.choose (1, 10)
            let rec prefix m n acc =
                gen {
                    if n = 0 then return m, List.rev acc
                    else
                        let! op = prefixOp m
                        return! prefix (Model.step m op) (n - 1) (op :: acc)
                }
            let! model, ops = prefix (Model.create capacity maxGeneration reclaim) prefixLength []
            let branch = Gen.choose (1, maxBranch) |> Gen.bind (fun n -> Gen.listOfLength n (Generators.parallelOp model))
            let! branches = Gen.listOfLength threads branch
            return { Reclaim = reclaim; Prefix = ops; Branches = explicable model branches }
        }

    /// The model after the prefix, if every prefix op still names what exists (after shrinking).
    let private prefixModel (case: ParallelCase) =
        case.Prefix
        |> List.fold
            (fun m op ->
                m
                |> Option.bind (fun m ->
                    if Sequential.refersTo m op && op <> Dispose then Some(Model.step m op) else None))
            (Some(Model.create capacity maxGeneration case.Reclaim))

    let private valid (case: ParallelCase) =
        match prefixModel case with
        | None -> false
        | Some m ->
            case.Branches |> List.forall (List.forall (fun op -> Sequential.refersTo m op))
            && explicable m case.Branches = case.Branches

    let shrink (case: ParallelCase) =
        let without i (xs: 'a list) = xs |> List.indexed |> List.filter (fst >> (<>) i) |> List.map snd
        seq {
            for b in 0 .. case.Branches.Length - 1 do
                for i in 0 .. case.Branches[b].Length - 1 do
                    yield { case with Branches = case.Branches |> List.mapi (fun j ops -> if j = b then without i ops else ops) }
            for i in 0 .. case.Prefix.Length - 1 do
                yield { case with Prefix = without i case.Prefix }
            if case.Reclaim then yield { case with Reclaim = false }
        }
        |> Seq.filter valid

    /// Whether some interleaving of the branches, run on the model, gives exactly what each thread saw
    /// and ends with the counts (and disposals) the table reports. Memoized on (positions, model): the
    /// search visits each reachable state once, instead of every interleaving.
    let explains (tag: int) (start: Model) (branches: (Op * Answer) list list) (finalCounts: CountsSeen) =
        let branches = branches |> List.map Array.ofList |> Array.ofList
        let failed = HashSet<struct (int * Model)>(HashIdentity.Structural)
        let rec go (m: Model) (pos: int array) =
            if Array.forall2 (fun p (b: _ array) -> p = b.Length) pos branches then Model.counts m = finalCounts
            else
                let key = struct (Array.fold (fun acc p -> acc * 16 + p) 0 pos, { m with Last = Done })
                if failed.Contains key then false
                else
                    let ok =
                        seq { 0 .. branches.Length - 1 }
                        |> Seq.exists (fun i ->
                            pos[i] < branches[i].Length
                            && (let op, seen = branches[i][pos[i]]
                                let next = Model.stepAs (Some(label i pos[i])) m op
                                Model.expect tag next.Last = seen
                                && (let moved = Array.copy pos
                                    moved[i] <- moved[i] + 1
                                    go next moved)))
                    if not ok then failed.Add key |> ignore
                    ok
        go start (Array.zeroCreate branches.Length)

    let runOnce (wrap: Tether.HandleTable -> RealTable) (case: ParallelCase) =
        // One lane: the model reuses the most recently freed slot first, and with more lanes a slot freed on
        // one thread's lane is not the next another thread's lane reuses. (Stress and the Coyote suite race
        // tables of several lanes, checking what does not depend on that order.)
        use sut = Sut.create wrap capacity maxGeneration case.Reclaim 1 true
        let prefixModel, prefixOk =
            case.Prefix
            |> List.fold
                (fun (m, ok) op ->
                    let m = Model.step m op
                    sut.ExpectNotices <- (match m.Last with Noticed handles -> handles.Length | _ -> 0)
                    m, ok && sut.Run(op, sut.Handles.Count) = Model.expect sut.Tag m.Last)
                (Model.create capacity maxGeneration case.Reclaim, true)
        // The threads spin at the start line rather than block, so they leave it as close together as the
        // scheduler allows (a blocked thread wakes late, and its branch then runs alone).
        let ready = [| 0 |]
        let results = Array.create case.Branches.Length []
        let workers =
            case.Branches
            |> List.mapi (fun i ops ->
                let thread =
                    Thread(fun () ->
                        Interlocked.Increment(&ready[0]) |> ignore
                        let mutable spin = SpinWait()
                        while Volatile.Read(&ready[0]) < case.Branches.Length do
                            spin.SpinOnce(-1)
                        results[i] <-
                            ops
                            |> List.mapi (fun j op ->
                                try
                                    op, sut.Run(op, label i j)
                                with e ->
                                    op, Inconsistent $"threw {e.GetType().Name}: {e.Message}"))
                thread.Start()
                thread)
        workers |> List.iter (fun t -> t.Join())
        let counts = sut.Counts
        let observed = List.ofArray results
        let show =
            observed
            |> List.mapi (fun i b -> $"  thread {i + 1} saw: " + (b |> List.map (fun (op, a) -> $"{op} -> {a}") |> String.concat "; "))
            |> String.concat "\n"
        let prefixNote = if prefixOk then String.Empty else "the prefix already differs from the model\n"
        prefixOk && explains sut.Tag prefixModel observed counts,
        $"{prefixNote}{show}\n  counts {counts}\n  table tag {sut.Tag}, key {sut.Key}"

    /// Runs a case `repeats` times (the interleaving differs from run to run); fails with the first
    /// run that no interleaving explains.
    let property repeats wrap =
        Prop.forAll (Arb.fromGenShrink (generate, shrink)) (fun case ->
            let rec loop k =
                if k = repeats then Prop.ofTestable true
                else
                    match runOnce wrap case with
                    | true, _ -> loop (k + 1)
                    | false, story -> Prop.ofTestable false |> Prop.label $"run {k + 1} of {repeats}:\n{story}"
            loop 0)
