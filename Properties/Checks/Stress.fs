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
    type Plan = { Seed: int; Threads: int; Capacity: int; OpsPerThread: int }

    let plans =
        gen {
            let! seed = Gen.choose (0, Int32.MaxValue)
            let! threads = Gen.choose (2, 4)
            let! capacity = Gen.elements [ 4; 16; 256 ]
            return { Seed = seed; Threads = threads; Capacity = capacity; OpsPerThread = 20_000 }
        }

    let run (plan: Plan) =
        use table = HandleTable.Create(HandleTableOptions(Capacity = plan.Capacity)).Match(id, fun (e: LanguageExt.Common.Error) -> failwith e.Message)
        let shared = Array.zeroCreate<int64> 16
        let mutable wrong = 0
        let mutable unexpected = 0
        let mutable hits = 0
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
                        table.Resolve<Tagged>(previous).Iter(fun p -> table.Drop p |> ignore) |> ignore) |> ignore
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
        let threads = List.init plan.Threads (fun i -> Thread(worker i))
        threads |> List.iter (fun t -> t.Start())
        threads |> List.iter (fun t -> t.Join())
        let counts = table.Counts
        (wrong = 0 && unexpected = 0 && hits > 0 && counts.Live <= plan.Capacity
         && counts.Live = counts.Strong + counts.Weak + counts.Collected)
        |> Prop.label $"{plan}: {wrong} wrong resources, {unexpected} unexpected errors, {hits} hits, {counts}"

    let property = Prop.forAll (Arb.fromGen plans) run
