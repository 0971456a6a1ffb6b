(**
---
title: Tether
category: Overview
categoryindex: 1
index: 1
---
*)
(*** hide ***)
#r "../Core.CSharp/bin/Release/net10.0/LanguageExt.Core.dll"
#r "../Core.CSharp/bin/Release/net10.0/Tether.Core.dll"
#r "../Api.FSharp/bin/Release/net10.0/Tether.FSharp.dll"
#load "../docs-tools/Snippets.fsx"

(**
# Tether: handles that know when things disappear

WebAssembly guests, Blazor code and native callers can only hold *integers* that stand for host
resources. Hold the resource behind an integer strongly and it leaks; free it and the guest crashes, or
worse, a reused slot hands it someone else's resource. Tether keeps a thread-safe table of **typed,
generational handles**, holds resources **strongly or loosely**, and when a loosely held one disappears
it tells the caller so, as a value it can handle: `Dropped`, `Collected`, `Unknown`, never a crash.

## Install

    dotnet add package Tether.Core       # the table (C#, LanguageExt)
    dotnet add package Tether.FSharp     # the F# API: option, Result, computation expressions
    dotnet add package Tether.Wasmtime   # a handle ABI for Wasm guests hosted by Wasmtime
    dotnet add package Tether.Interop    # JS objects and DOM elements from Blazor, held loosely
    dotnet add package Tether.Native     # C callers of a NativeAOT library: exports and tether.h

In an F# script, `#r "nuget: Tether.FSharp"` brings in the F# API and the table.

## Ten lines of C#
*)
(*** hide ***)
Snippets.csharp "QuickStart.cs" "quick-start"
(*** include-it-raw ***)

(**
## Ten lines of F#
*)
open Tether
open Tether.FSharp

let table = HandleTable.create ()
let text = System.Text.StringBuilder "canvas"   // something else still uses it
let canvas = table |> HandleTable.addWeak text |> Result.defaultWith (failwithf "%A")

(*** define-output: lookups ***)
let describe h =
    match HandleTable.lookup h table with
    | Alive text -> $"alive: {text}"
    | Collected -> "collected by the GC"
    | Dropped -> "dropped"
    | Unknown -> "not a handle of this table"

printfn "%s" (describe canvas)
HandleTable.drop canvas table |> ignore
printfn "%s" (describe canvas)

(** When the docs were built, that printed: *)
(*** include-output: lookups ***)

(**
## Where next
- [Concepts](concepts.html): generations, holds, errors, notices, scopes, threads.
- [Metrics](metrics.html): the `Tether` meter, its instruments and their tags.
- [C# guide](csharp.html) and [F# guide](fsharp.html).
- [Blazor guide](blazor.html), [Wasm host guide](wasm.html) and [Native callers](native.html).
- [Comparison with the alternatives](comparison.html) and [Performance](performance.html).
- The [API reference](reference/index.html).
*)
