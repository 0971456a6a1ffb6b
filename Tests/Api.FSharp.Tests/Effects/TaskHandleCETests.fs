module Tether.FSharp.Tests.Effects.TaskHandleCETests

open System
open System.Threading.Tasks
open Xunit
open Tether
open Tether.FSharp
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
