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
