namespace Tether.FSharp

open System
open System.Threading.Tasks

/// The builder behind <c>taskHandle { }</c>: a <c>Task&lt;Result&lt;_, HandleError&gt;&gt;</c> computation, for
/// asynchronous code such as JS interop.
type TaskHandleBuilder() =
    /// <c>return x</c>.
    member _.Return(value: 'T) : Task<Result<'T, HandleError>> = Task.FromResult(Ok value)

    /// <c>return! t</c>.
    member _.ReturnFrom(result: Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = result

    /// An <c>if</c> without <c>else</c>.
    member _.Zero() : Task<Result<unit, HandleError>> = Task.FromResult(Ok())

    /// <c>let! x = t</c>: stops at the first error.
    member _.Bind(result: Task<Result<'T, HandleError>>, binder: 'T -> Task<Result<'U, HandleError>>) : Task<Result<'U, HandleError>> =
        task {
            match! result with
            | Ok value -> return! binder value
            | Error error -> return Error error
        }

    /// <c>let! x = t ... return f x</c>.
    member _.BindReturn(result: Task<Result<'T, HandleError>>, mapping: 'T -> 'U) : Task<Result<'U, HandleError>> =
        task {
            let! r = result
            return Result.map mapping r
        }

    /// <c>and!</c>: both run; the first error wins.
    member _.MergeSources(left: Task<Result<'T, HandleError>>, right: Task<Result<'U, HandleError>>) : Task<Result<'T * 'U, HandleError>> =
        task {
            let! l = left
            let! r = right
            return
                match l, r with
                | Ok l, Ok r -> Ok(l, r)
                | Error error, _
                | _, Error error -> Error error
        }

    /// Wraps the block so that it runs when <see cref="M:Tether.FSharp.TaskHandleBuilder.Run"/> says.
    member _.Delay(generator: unit -> Task<Result<'T, HandleError>>) : unit -> Task<Result<'T, HandleError>> = generator

    /// Runs the block; an exception thrown before its first await becomes a faulted task, not a throw.
    member _.Run(generator: unit -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        try
            generator ()
        with e ->
            Task.FromException<Result<'T, HandleError>> e

    /// Sequencing: a statement, then the rest.
    member this.Combine(result: Task<Result<unit, HandleError>>, rest: unit -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        this.Bind(result, rest)

    /// <c>try ... with</c>.
    member _.TryWith(generator: unit -> Task<Result<'T, HandleError>>, handler: exn -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        task {
            try
                return! generator ()
            with e ->
                return! handler e
        }

    /// <c>try ... finally</c>.
    member _.TryFinally(generator: unit -> Task<Result<'T, HandleError>>, compensation: unit -> unit) : Task<Result<'T, HandleError>> =
        task {
            try
                return! generator ()
            finally
                compensation ()
        }

    /// <c>use</c> and <c>use!</c>: disposed when the block ends, however it ends.
    member this.Using(resource: 'R :> IDisposable, binder: 'R -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        this.TryFinally((fun () -> binder resource), (fun () -> if not (obj.ReferenceEquals(resource, null)) then resource.Dispose()))

    /// <c>while</c>: stops at the first error.
    member _.While(guard: unit -> bool, body: unit -> Task<Result<unit, HandleError>>) : Task<Result<unit, HandleError>> =
        task {
            let mutable result = Ok()
            let mutable go = true
            while go && guard () do
                match! body () with
                | Ok() -> ()
                | Error _ as failed ->
                    result <- failed
                    go <- false
            return result
        }

    /// <c>for</c>: stops at the first error.
    member this.For(sequence: seq<'T>, body: 'T -> Task<Result<unit, HandleError>>) : Task<Result<unit, HandleError>> =
        this.Using(sequence.GetEnumerator(), fun items -> this.While((fun () -> items.MoveNext()), (fun () -> body items.Current)))

    /// What <c>let!</c> accepts first: a task of a Result.
    member _.Source(result: Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = result

/// Lower-priority <c>let!</c> sources for <c>taskHandle { }</c>.
[<AutoOpen>]
module TaskHandleBuilderSources =
    type TaskHandleBuilder with
        /// <c>let!</c> on a plain task: its value, never an error.
        member _.Source(value: Task<'T>) : Task<Result<'T, HandleError>> =
            task {
                let! v = value
                return Ok v
            }

        /// <c>let!</c> on a Result.
        member _.Source(result: Result<'T, HandleError>) : Task<Result<'T, HandleError>> = Task.FromResult result

        /// <c>for</c> over a sequence.
        member _.Source(sequence: seq<'T>) : seq<'T> = sequence

/// The <c>taskHandle { }</c> computation expression.
[<AutoOpen>]
module TaskHandleCE =
    /// Builds a <c>Task&lt;Result&lt;_, HandleError&gt;&gt;</c>.
    let taskHandle = TaskHandleBuilder()
