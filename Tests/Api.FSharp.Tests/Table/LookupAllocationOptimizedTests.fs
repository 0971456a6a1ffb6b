/// The allocation figures the F# guide states hold in fully optimised code too (the JIT's top tier, which can
/// put objects that do not escape on the stack), not only in the first-tier code a short loop runs.
module Tether.FSharp.Tests.Table.LookupAllocationOptimizedTests

open System
open System.Runtime.CompilerServices
open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

let private calls = 10_000

[<MethodImpl(MethodImplOptions.AggressiveOptimization ||| MethodImplOptions.NoInlining)>]
let private tryGetLoop (handle: Handle<Thing>) (table: HandleTable) : int64 * int =
    let mutable found = 0
    let before = GC.GetAllocatedBytesForCurrentThread()
    for _ in 1..calls do
        match HandleTable.tryGet handle table with
        | Some _ -> found <- found + 1
        | None -> ()
    GC.GetAllocatedBytesForCurrentThread() - before, found

[<MethodImpl(MethodImplOptions.AggressiveOptimization ||| MethodImplOptions.NoInlining)>]
let private fourCaseLoop (handle: Handle<Thing>) (table: HandleTable) : int64 * int =
    let mutable found = 0
    let before = GC.GetAllocatedBytesForCurrentThread()
    for _ in 1..calls do
        match HandleTable.lookup handle table with
        | Alive _ -> found <- found + 1
        | Collected
        | Dropped
        | Unknown -> ()
    GC.GetAllocatedBytesForCurrentThread() - before, found

[<MethodImpl(MethodImplOptions.AggressiveOptimization ||| MethodImplOptions.NoInlining)>]
let private structLoop (handle: Handle<Thing>) (table: HandleTable) : int64 * int =
    let mutable found = 0
    let before = GC.GetAllocatedBytesForCurrentThread()
    for _ in 1..calls do
        match HandleTable.lookup handle table with
        | AliveValue _ -> found <- found + 1
        | _ -> ()
    GC.GetAllocatedBytesForCurrentThread() - before, found

[<Fact>]
let ``In fully optimised code tryGet allocates its Some, the four-case pattern its Choice, and the struct patterns nothing`` () =
    use table = HandleTable.create ()
    let live = table |> HandleTable.add (Thing "live") |> okOrFail
    // Bytes a call, over the least of three rounds (a round may allocate a few bytes once, not per call).
    let perCall loop =
        let allocated, found = [ for _ in 1..3 -> loop live table ] |> List.min
        allocated / int64 calls, found
    Assert.Equal((24L, calls), perCall tryGetLoop)
    Assert.Equal((32L, calls), perCall fourCaseLoop)
    Assert.Equal((0L, calls), perCall structLoop)
