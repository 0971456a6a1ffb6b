namespace Tether.Properties

open System
open System.Threading
open FsCheck
open FsCheck.FSharp

/// A sequential prefix, then branches run at once on separate threads.
type ParallelCase =
    { Prefix: Op list
      Branches: Op list list }

    override c.ToString() =
        let show ops = ops |> List.map string |> String.concat "; "
        let branches = c.Branches |> List.mapi (fun i b -> $"  thread {i + 1}: {show b}") |> String.concat "\n"
        $"prefix: {show c.Prefix}\n{branches}"

/// The parallel check: every observed result must be explained by some interleaving of the branches
/// run on the model, as in quickcheck-state-machine's linearizability check.
module Parallel =
    let capacity = Sequential.capacity
    let maxGeneration = Sequential.maxGeneration
    let threads = 2
    /// Each case runs this many times on fresh tables: the interleaving differs from run to run.
    let repeats = 8

    let generate: Gen<ParallelCase> =
        gen {
            let! prefixLength = Gen.choose (1, 8)
            let rec prefix m n acc =
                gen {
                    if n = 0 then return m, List.rev acc
                    else
                        let! op = Generators.next m |> Gen.filter (function Dispose | Collect | Unroot _ -> false | _ -> true)
                        return! prefix (Model.step m op) (n - 1) (op :: acc)
                }
            let! model, ops = prefix (Model.create capacity maxGeneration) prefixLength []
            let branch = Gen.choose (1, 5) |> Gen.bind (fun n -> Gen.listOfLength n (Generators.parallelOp model))
            let! branches = Gen.listOfLength threads branch
            return { Prefix = ops; Branches = branches }
        }

    /// Whether some interleaving of the branches, run on the model, gives exactly what each thread saw
    /// and ends with the counts the table reports.
    let rec explains (m: Model) (branches: (Op * Answer) list list) (finalCounts: CountsSeen) =
        if branches |> List.forall List.isEmpty then Model.counts m = finalCounts
        else
            branches
            |> List.indexed
            |> List.exists (fun (i, branch) ->
                match branch with
                | [] -> false
                | (op, seen) :: rest ->
                    let next = Model.step m op
                    next.Last = seen
                    && explains next (branches |> List.mapi (fun j b -> if i = j then rest else b)) finalCounts)

    let runOnce (wrap: Tether.HandleTable -> RealTable) (case: ParallelCase) =
        use sut = Sut.create wrap capacity maxGeneration true
        let prefixModel, prefixOk =
            case.Prefix
            |> List.fold
                (fun (m, ok) op ->
                    let m = Model.step m op
                    m, ok && sut.Run(op, sut.Handles.Count) = m.Last)
                (Model.create capacity maxGeneration, true)
        use start = new Barrier(threads)
        let results = Array.create threads []
        let workers =
            case.Branches
            |> List.mapi (fun i ops ->
                let thread =
                    Thread(fun () ->
                        start.SignalAndWait()
                        results[i] <-
                            ops
                            |> List.map (fun op ->
                                try
                                    op, sut.Run(op, -1)
                                with e ->
                                    op, Inconsistent $"threw {e.GetType().Name}: {e.Message}"))
                thread.Start()
                thread)
        workers |> List.iter (fun t -> t.Join())
        let counts = sut.Counts
        let observed = List.ofArray results
        (prefixOk && explains prefixModel observed counts)
        |> Prop.label $"observed {observed}, counts {counts}"

    let property wrap =
        Prop.forAll (Arb.fromGen generate) (fun case ->
            let outcomes = List.init repeats (fun _ -> runOnce wrap case)
            outcomes |> List.reduce (.&.))
