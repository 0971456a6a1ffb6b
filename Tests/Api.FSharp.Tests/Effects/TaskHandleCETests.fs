module Tether.FSharp.Tests.Effects.TaskHandleCETests

open System
open System.Threading.Tasks
open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests
open Tether.FSharp.Tests.Support

let later (value: 'T) : Task<'T> =
    task {
        do! Task.Yield()
        return value
    }

[<Fact>]
let ``let! takes tasks of Results, plain tasks and Results`` () : Task =
    task {
        use table = HandleTable.create ()
        let h = table |> HandleTable.add (Thing "js") |> okOrFail
        let! result =
            taskHandle {
                let! thing = later (table |> HandleTable.get h)
                let! n = later 2
                let! m = Ok 3
                return $"{thing.Name}{n * m}"
            }
        Assert.Equal(Ok "js6", result)
    }

[<Fact>]
let ``The first error stops the block and and! needs both`` () : Task =
    task {
        let! failed =
            taskHandle {
                let! x = later (Ok 1)
                and! y = later (Error(HandleError.Dropped 4L))
                return x + y
            }
        Assert.Equal(Error(HandleError.Dropped 4L), failed)
        let! both =
            taskHandle {
                let! x = later (Ok 1)
                and! y = later (Ok 2)
                return x + y
            }
        Assert.Equal(Ok 3, both)
    }

[<Fact>]
let ``use! drops the scoped handle on an early error`` () : Task =
    task {
        use table = HandleTable.create ()
        let mutable inside = Unchecked.defaultof<Handle<Thing>>
        let! result =
            taskHandle {
                use! scoped = table |> HandleTable.scoped (Thing "s")
                inside <- scoped.Handle
                let! _ = later (Error(HandleError.Unknown 2L): Result<int, HandleError>)
                return "not reached"
            }
        Assert.Equal(Error(HandleError.Unknown 2L), result)
        Assert.Equal(HandleState.Dropped, table |> HandleTable.state inside)
    }

[<Fact>]
let ``for, while and try finally work`` () : Task =
    task {
        let mutable total = 0
        let mutable finalized = false
        let! result =
            taskHandle {
                try
                    for i in [ 1; 2; 3 ] do
                        let! x = later (Ok i)
                        total <- total + x
                    while total < 10 do
                        total <- total + 1
                    return total
                finally
                    finalized <- true
            }
        Assert.Equal(Ok 10, result)
        Assert.True finalized
    }

[<Fact>]
let ``An exception becomes a faulted task, and try with catches it`` () : Task =
    task {
        let! caught =
            taskHandle {
                try
                    let! _ = later 1
                    return failwith "boom"
                with e ->
                    return! Error(HandleError.InvalidArgument e.Message)
            }
        Assert.Equal(Error(HandleError.InvalidArgument "boom"), caught)
        let faulted: Task<Result<int, HandleError>> = taskHandle { return failwith "sync" }
        let! ex = Assert.ThrowsAsync<Exception>(fun () -> faulted :> Task)
        Assert.Equal("sync", ex.Message)
    }

[<Fact>]
let ``let! takes what JS interop answers: ValueTask<'T>, Task, ValueTask and Async<'T>`` () : Task =
    task {
        let mutable steps = []
        let step name = steps <- steps @ [ name ]
        let! result =
            taskHandle {
                let! width = ValueTask<int>(later 3)
                step "ValueTask<int>"
                do! (later () :> Task)
                step "Task"
                do! ValueTask(later () :> Task)
                step "ValueTask"
                let! height = async { return 5 }
                step "Async<int>"
                return width * height
            }
        Assert.Equal(Ok 15, result)
        Assert.Equal<string list>([ "ValueTask<int>"; "Task"; "ValueTask"; "Async<int>" ], steps)
    }

[<Fact>]
let ``let! takes ValueTasks and Asyncs of Results, and their first error stops the block`` () : Task =
    task {
        let! both =
            taskHandle {
                let! x = ValueTask<Result<int, HandleError>>(later (Ok 1))
                let! y = async { return (Ok 2: Result<int, HandleError>) }
                return x + y
            }
        Assert.Equal(Ok 3, both)
        let mutable reached = false
        let! fromValueTask =
            taskHandle {
                let! _ = ValueTask<Result<int, HandleError>>(Error(HandleError.Dropped 6L))
                reached <- true
                return 0
            }
        Assert.Equal(Error(HandleError.Dropped 6L), fromValueTask)
        let! fromAsync =
            taskHandle {
                let! _ = async { return (Error(HandleError.WrongTable 8L): Result<int, HandleError>) }
                reached <- true
                return 0
            }
        Assert.Equal(Error(HandleError.WrongTable 8L), fromAsync)
        Assert.False reached
    }

[<Fact>]
let ``do! on a plain Task or ValueTask waits for it to finish`` () : Task =
    task {
        let gate = TaskCompletionSource()
        let valueGate = TaskCompletionSource()
        let mutable after = 0
        let running =
            taskHandle {
                do! (gate.Task: Task)
                after <- 1
                do! ValueTask(valueGate.Task)
                after <- 2
                return after
            }
        do! Task.Delay 50
        Assert.Equal(0, after)
        gate.SetResult()
        // The block goes on on the thread pool: wait for it (a fixed 50 ms was too short on a loaded machine).
        let deadline = DateTime.UtcNow.AddSeconds 30.
        while after = 0 && DateTime.UtcNow < deadline do
            do! Task.Delay 10
        do! Task.Delay 50
        Assert.Equal(1, after)
        Assert.False running.IsCompleted
        valueGate.SetResult()
        let! result = running
        Assert.Equal(Ok 2, result)
    }

[<Fact>]
let ``A faulted ValueTask, Task or Async faults the block's task with its exception, not an Error`` () : Task =
    task {
        let fromValueTask: Task<Result<int, HandleError>> =
            taskHandle {
                let! x = ValueTask<int>(Task.FromException<int>(InvalidOperationException "value task"))
                return x
            }
        let! e1 = Assert.ThrowsAsync<InvalidOperationException>(fun () -> fromValueTask :> Task)
        Assert.Equal("value task", e1.Message)
        let fromTask: Task<Result<unit, HandleError>> = taskHandle { do! Task.FromException(InvalidOperationException "task") }
        let! e2 = Assert.ThrowsAsync<InvalidOperationException>(fun () -> fromTask :> Task)
        Assert.Equal("task", e2.Message)
        let fromAsync: Task<Result<int, HandleError>> =
            taskHandle {
                let! x = async { return raise (InvalidOperationException "async") }
                return x + 1
            }
        let! e3 = Assert.ThrowsAsync<InvalidOperationException>(fun () -> fromAsync :> Task)
        Assert.Equal("async", e3.Message)
    }

[<Fact>]
let ``let! takes tasks of Results with the core's error, as handle { } takes such Results`` () : Task =
    task {
        let! result =
            taskHandle {
                let! x = later (Ok 2: Result<int, Tether.HandleError>)
                let! y = ValueTask<Result<int, Tether.HandleError>>(Ok 3)
                let! z = async { return (Ok 4: Result<int, Tether.HandleError>) }
                let! w = (Ok 5: Result<int, Tether.HandleError>)
                return x * y * z * w
            }
        Assert.Equal(Ok 120, result)
        let! failed =
            taskHandle {
                let! x = later (Error(Tether.HandleError.Collected(9L, typeof<Thing>)): Result<int, Tether.HandleError>)
                return x
            }
        Assert.Equal(Error(HandleError.Collected(9L, typeof<Thing>)), failed)
    }

/// A block that binds `source` (of the given type) in taskHandle { } and prints what it gives.
let private bindScript (sourceType: string) (source: string) =
    $"""
open System.Threading.Tasks
open Tether.FSharp

let source : {sourceType} = {source}
let block = taskHandle {{
    let! x = source
    return x
}}
printfn "%%A" block.Result
"""

[<Fact>]
let ``The compile checks below can pass: a task of a Result with a HandleError compiles, runs and binds`` () =
    let run = Scripts.run "bind-task-of-handle-result" (bindScript "Task<Result<int, HandleError>>" "Task.FromResult(Ok 1)")
    Assert.True((run.ExitCode = 0), Scripts.describe run)
    Assert.Equal("Ok 1", run.Output.Trim())

[<Theory>]
[<InlineData("Task<Result<int, string>>", "Task.FromResult(Ok 1)")>]
[<InlineData("ValueTask<Result<int, string>>", "ValueTask<Result<int, string>>(Ok 1)")>]
[<InlineData("Async<Result<int, string>>", "async { return Ok 1 }")>]
[<InlineData("Result<int, string>", "Ok 1")>]
let ``let! on a Result with another error type does not compile: FS0193 names both error types`` (sourceType: string, source: string) =
    let name = "bind-" + Text.RegularExpressions.Regex.Replace(sourceType, "[^A-Za-z]+", "-").Trim('-')
    let run = Scripts.run name (bindScript sourceType source)
    Assert.True(run.CompileFailed, Scripts.describe run)
    Assert.Equal<string list>([ "FS0193" ], run.ErrorCodes)
    Assert.Contains("The type 'HandleError' does not match the type 'string'", run.Errors + run.Output)

[<Fact>]
let ``let! takes an option with the error to give when it is None, as handle { } does`` () : Task =
    task {
        let! found =
            taskHandle {
                let! x = (Some 2, HandleError.Unknown 0L)
                and! y = (Ok 3: Result<int, Tether.HandleError>)
                return x * y
            }
        Assert.Equal(Ok 6, found)
        let! missing =
            taskHandle {
                let! x = ((None: int option), HandleError.Unknown 7L)
                return x
            }
        Assert.Equal(Error(HandleError.Unknown 7L), missing)
    }

/// Every value `let!` and `and!` take in handleResult { }, as F# source: taskHandle { } must take each of them too.
let private sharedSources =
    [ "(Ok 1: Result<int, HandleError>)"
      "(Error(HandleError.Dropped 2L): Result<int, HandleError>)"
      "(Ok 1: Result<int, Tether.HandleError>)"
      "(Error(Tether.HandleError.Dropped 2L): Result<int, Tether.HandleError>)"
      "(Some 1, HandleError.Unknown 7L)"
      "((None: int option), HandleError.Unknown 7L)" ]

[<Fact>]
let ``taskHandle { } binds with let! and and! everything handleResult { } binds, and gives the same answers`` () =
    let blocks =
        [ for source in sharedSources do
              $"let! x = {source}\n    return x"
              $"let! x = {source}\n    and! y = (Some 10, HandleError.Unknown 8L)\n    return x + y"
          "for x in [ 1; 2 ] do\n        do! (Some(), HandleError.Unknown(int64 x))" ]
    let lines =
        blocks
        |> List.mapi (fun i body ->
            $"let sync{i} = handleResult {{\n    {body}\n}}\nlet inTask{i} = taskHandle {{\n    {body}\n}}\nprintfn \"%%A | %%A\" sync{i} inTask{i}.Result")
    let run = Scripts.run "bind-what-handle-result-binds" ("open Tether.FSharp\n" + String.concat "\n" lines)
    Assert.True((run.ExitCode = 0), Scripts.describe run)
    let answers = run.Output.Trim().Split('\n') |> Array.map (fun line -> line.Trim())
    Assert.Equal<string>(
        [| "Ok 1 | Ok 1"
           "Ok 11 | Ok 11"
           "Error (Dropped 2L) | Error (Dropped 2L)"
           "Error (Dropped 2L) | Error (Dropped 2L)"
           "Ok 1 | Ok 1"
           "Ok 11 | Ok 11"
           "Error (Dropped 2L) | Error (Dropped 2L)"
           "Error (Dropped 2L) | Error (Dropped 2L)"
           "Ok 1 | Ok 1"
           "Ok 11 | Ok 11"
           "Error (Unknown 7L) | Error (Unknown 7L)"
           "Error (Unknown 7L) | Error (Unknown 7L)"
           "Ok () | Ok ()" |],
        answers)
