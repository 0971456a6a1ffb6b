module Tether.FSharp.Tests.Support

open System
open System.Runtime.CompilerServices
open Tether
open Tether.FSharp

/// A resource that nothing but a table refers to, once the helper returns.
[<AllowNullLiteral>]
type Thing(name: string) =
    member _.Name = name
    override _.ToString() = name

type Other() = class end

[<MethodImpl(MethodImplOptions.NoInlining)>]
let addUnrooted (table: Tether.HandleTable) =
    match HandleTable.addWeak (Thing "unrooted") table with
    | Ok h -> h
    | Error e -> failwithf "could not add: %A" e

let fullGc () =
    GC.Collect()
    GC.WaitForPendingFinalizers()
    GC.Collect()

let okOrFail result =
    match result with
    | Ok value -> value
    | Error e -> failwithf "expected Ok, got %A" e

/// The least that `calls` calls of `call` allocated on this thread, over three rounds after a warm-up: the runtime
/// may allocate once while it tiers the loop up, so one clean round is enough, while an allocation per call costs
/// every round at least `calls` x 24 B. (As Tests/Core.CSharp.Tests/Support/Allocations.cs.)
let leastAllocated (calls: int) (call: unit -> unit) : int64 =
    for _ in 1..100 do
        call ()
    let mutable least = Int64.MaxValue
    for _ in 1..3 do
        let before = GC.GetAllocatedBytesForCurrentThread()
        for _ in 1..calls do
            call ()
        least <- min least (GC.GetAllocatedBytesForCurrentThread() - before)
    least
