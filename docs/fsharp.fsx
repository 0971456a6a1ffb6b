(**
---
title: F# guide
category: Guides
categoryindex: 2
index: 2
---
*)
(*** hide ***)
#r "../Core.CSharp/bin/Release/net10.0/LanguageExt.Core.dll"
#r "../Core.CSharp/bin/Release/net10.0/Tether.Core.dll"
#r "../Api.FSharp/bin/Release/net10.0/Tether.FSharp.dll"

(**
# F# guide
F# code never meets LanguageExt or null: it gets `option`, `Result<_, HandleError>` and a union of errors.
Add the package with `dotnet add package Tether.FSharp`; in a script, reference it with
`#r "nuget: Tether.FSharp"`.

## Computation expressions
`handleResult { }` runs over `Result<_, HandleError>`: `let!`, `and!`, `use!` (dropping a scoped handle
however the block ends), `for`, `while` and `try`. `handle { }` is the same builder under a shorter name,
but a value named `handle` hides it, so this guide writes `handleResult { }`.
*)
open Tether
open Tether.FSharp

let table = HandleTable.create ()
let left = table |> HandleTable.add "left" |> Result.defaultWith (failwithf "%A")
let right = table |> HandleTable.add "right" |> Result.defaultWith (failwithf "%A")

let joined =
    handleResult {
        let! a = table |> HandleTable.get left
        and! b = table |> HandleTable.get right
        use! temp = table |> HandleTable.scoped "dropped at the end"
        let! c = temp.Handle |> Handle.get table
        return $"{a}+{b} ({c})"
    }
(*** include-value: joined ***)

(**
A handle is naturally called `handle`, and `handleResult { }` stays in sight beside it:
*)
let handle = table |> HandleTable.add "canvas" |> Result.defaultWith (failwithf "%A")

let loosened =
    handleResult {
        do! handle |> Handle.loosen table
        return! handle |> Handle.holdOf table
    }
(*** include-value: loosened ***)

(**
## Every error is a case
*)
HandleTable.drop left table |> ignore
let stale = table |> HandleTable.get left
(*** include-value: stale ***)

(**
## Active patterns
*)
let say h =
    match HandleTable.lookup h table with
    | Alive text -> $"alive: {text}"
    | Collected -> "the GC took it"
    | Dropped -> "dropped"
    | Unknown -> "unknown here"

[ say left; say right ]
(*** include-it ***)

(**
## Lookups that allocate nothing
F# returns the answer of a four-case active pattern as a `Choice` object, so each `Alive | Collected |
Dropped | Unknown` match above allocates one. On a hot path, match the same cases with the struct patterns
`AliveValue`, `CollectedValue`, `DroppedValue` and `UnknownValue` (end the match with `| _ ->`, since the
compiler cannot see that the four cover every lookup), or ask `tryGetValue` for a `voption`:
*)
let lengthOf (h: Handle<string>) =
    match HandleTable.lookup h table with
    | AliveValue text -> text.Length
    | CollectedValue
    | DroppedValue -> 0
    | _ -> -1 // UnknownValue

let lengths = [ lengthOf left; lengthOf right ]
(*** include-value: lengths ***)

let rightNow = HandleTable.tryGetValue right table
(*** include-value: rightNow ***)

(**
What each path allocates per call in Release (`Tests/Api.FSharp.Tests/Table/LookupAllocationTests.fs`
measures it):

| Path | Live handle | Failed lookup |
|---|---|---|
| `tryGetValue` (`HandleTable` or `Handle`) | nothing | nothing |
| `lookup` matched with `AliveValue`, `CollectedValue`, `DroppedValue`, `UnknownValue` | nothing | its error: 88 B for a dropped handle (the core's error and its F# case) |
| `get` | nothing | its error, as above |
| `tryGet` | 24 B (its `Some`) | nothing |
| `lookup` matched with the four-case pattern `Alive`, `Collected`, `Dropped`, `Unknown` | 32 B (the `Choice` the pattern returns) | its error and the `Choice`: 120 B for a dropped handle |
*)

(**
## Tables with options, and scopes
`HandleTable.createWith` answers a `Result`, since options can be out of range, and `Scope.openOn` does
too, since the table may be disposed. Neither is a table or a scope to `use` directly: bind them with
`use!` in `handleResult { }`, and both are disposed when the block ends, however it ends. `Scope` has
the functions of `HandleTable` that add, with the same arguments (`add`, `hold`, `addWeak`, `addOwned`,
`scoped`), so table code moves into a scope by renaming the module.
*)
let small =
    handleResult {
        use! tiny = HandleTable.createWith (HandleTableOptions(Capacity = 2))
        use! scope = tiny |> Scope.openOn
        let! _ = scope |> Scope.add "one"
        let! _ = scope |> Scope.hold Hold.Weak "two"
        return! scope |> Scope.add "three"
    }
(*** include-value: small ***)

(**
A closed scope says so, with the same code as a disposed table (`HandleError.code` is 6 for both):
*)
let closedScope =
    handleResult {
        let! scope = table |> Scope.openOn
        do! Scope.close scope
        return! scope |> Scope.add "late"
    }
(*** include-value: closedScope ***)

(**
## Owned resources that dispose asynchronously
A table or scope disposes what it owns when a handle or the table ends. `HandleTable.dropAsync`,
`HandleTable.closeAsync` and `Scope.closeAsync` also await an owned `IAsyncDisposable`. When disposals throw,
the answer is one `DisposeFailed` that lists every failed handle with what it threw, as
`(raw, exn)` pairs in the core's order:
*)
type Connection() =
    interface System.IAsyncDisposable with
        member _.DisposeAsync() = System.Threading.Tasks.ValueTask(System.Threading.Tasks.Task.Delay 1)

let closedAsync =
    let owner = HandleTable.create ()
    owner |> HandleTable.addOwned (new Connection()) |> ignore
    (owner |> HandleTable.closeAsync).Result
(*** include-value: closedAsync ***)

(**
## Tasks
`taskHandle { }` does the same over `Task<Result<_, HandleError>>`. Its `let!` and `do!` take what JS
interop answers, a `ValueTask<'T>` (`IJSRuntime.InvokeAsync`) or a `ValueTask` (`InvokeVoidAsync`), as
well as a `Task<'T>`, a `Task` or an `Async<'T>`; and a task, value task or Async of a
`Result<_, HandleError>`, or a `Result` itself; and, as in `handleResult { }`, an option with the error to give
when it is `None` (`let! x = (Some 1, error)`). A plain value never fails; a Result's error stops the
block; an exception faults the block's task.
*)
open System.Threading.Tasks

/// Stands in for `js.InvokeAsync<int>("measure", text)`.
let measure (text: string) : ValueTask<int> = ValueTask<int>(text.Length)

/// Stands in for `js.InvokeVoidAsync("highlight", text)`.
let highlight (_: string) : ValueTask = ValueTask.CompletedTask

/// A lookup that answers later, as a task.
let getLater (h: Handle<string>) : Task<Result<string, HandleError>> = Task.Run(fun () -> table |> HandleTable.get h)

let area =
    taskHandle {
        let! text = getLater right                      // Task<Result<string, HandleError>>
        let! width = measure text                       // ValueTask<int>
        do! highlight text                              // ValueTask
        do! Task.Delay 1                                // Task
        let! height = async { return 3 }                // Async<int>
        return width * height
    }

let areaNow = area.Result
(*** include-value: areaNow ***)

(**
The handle `left` was dropped above, so its lookup stops the block before anything is measured:
*)
let ofDropped =
    taskHandle {
        let! text = getLater left
        return! measure text
    }

let ofDroppedNow = ofDropped.Result
(*** include-value: ofDroppedNow ***)

(**
A `Result` whose error is not a `HandleError`, such as a `Task<Result<int, string>>` from another library,
does not compile in `taskHandle { }`: the compiler says *FS0193: The type 'HandleError' does not match
the type 'string'*. Map its error first:
*)
/// Another library's task, with errors of its own.
let parse (text: string) : Task<Result<int, string>> =
    Task.FromResult(
        match System.Int32.TryParse text with
        | true, n -> Ok n
        | _ -> Error $"not a number: {text}"
    )

let parsed =
    taskHandle {
        let! n =
            task {
                let! result = parse "forty-two"
                return result |> Result.mapError HandleError.InvalidArgument
            }
        return n * 2
    }

let parsedNow = parsed.Result
(*** include-value: parsedNow ***)
