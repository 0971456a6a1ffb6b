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

    /// <c>let!</c> on a value task of a Result.
    member _.Source(result: ValueTask<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = result.AsTask()

    /// <c>let!</c> on an Async of a Result: it starts at once, on this thread, as <c>task { }</c> starts an Async.
    member _.Source(result: Async<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = Async.StartImmediateAsTask result

    /// <c>let!</c> on a Result.
    member _.Source(result: Result<'T, HandleError>) : Task<Result<'T, HandleError>> = Task.FromResult result

/// The lowest-priority <c>let!</c> sources for <c>taskHandle { }</c>: awaitables of plain values, which
/// never fail with an error (a faulted one faults the block's task). What JS interop answers is here:
/// <c>IJSRuntime.InvokeAsync</c> gives a <c>ValueTask&lt;'T&gt;</c>, <c>InvokeVoidAsync</c> a <c>ValueTask</c>.
[<AutoOpen>]
module TaskHandleBuilderSources =
    type TaskHandleBuilder with
        /// <c>let!</c> on a plain task: its value, never an error.
        member _.Source(value: Task<'T>) : Task<Result<'T, HandleError>> =
            task {
                let! v = value
                return Ok v
            }

        /// <c>do!</c> on a task with no value: waits for it.
        member _.Source(work: Task) : Task<Result<unit, HandleError>> =
            task {
                do! work
                return Ok()
            }

        /// <c>let!</c> on a value task: its value, never an error.
        member _.Source(value: ValueTask<'T>) : Task<Result<'T, HandleError>> =
            task {
                let! v = value
                return Ok v
            }

        /// <c>do!</c> on a value task with no value: waits for it.
        member _.Source(work: ValueTask) : Task<Result<unit, HandleError>> =
            task {
                do! work
                return Ok()
            }

        /// <c>let!</c> on an Async: its value, never an error. It starts at once, on this thread.
        member _.Source(computation: Async<'T>) : Task<Result<'T, HandleError>> =
            task {
                let! v = Async.StartImmediateAsTask computation
                return Ok v
            }

        /// <c>for</c> over a sequence.
        member _.Source(sequence: seq<'T>) : seq<'T> = sequence

/// <c>let!</c> on a Result whose error is not a handle error: these overloads exist so that such code
/// does not compile. Without them a <c>Task&lt;Result&lt;int, string&gt;&gt;</c> would bind as a plain task
/// and give <c>Ok (Ok 1)</c>; with them the compiler says <c>FS0193: The type 'HandleError' does not match
/// the type 'string'</c>. Map the error first, e.g. <c>Result.mapError HandleError.InvalidArgument</c>.
/// (Declared after the plain sources, so they win where both fit.)
[<AutoOpen>]
module TaskHandleBuilderOtherErrorSources =
    type TaskHandleBuilder with
        /// A task of a Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).
        member _.Source(result: Task<Result<'T, 'Error>>) : Task<Result<'T, 'Error>> = result

        /// A value task of a Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).
        member _.Source(result: ValueTask<Result<'T, 'Error>>) : Task<Result<'T, 'Error>> = result.AsTask()

        /// An Async of a Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).
        member _.Source(result: Async<Result<'T, 'Error>>) : Task<Result<'T, 'Error>> = Async.StartImmediateAsTask result

        /// A Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).
        member _.Source(result: Result<'T, 'Error>) : Task<Result<'T, 'Error>> = Task.FromResult result

/// <c>let!</c> on Results whose error is the core's <c>Tether.HandleError</c>, as <c>handle { }</c> takes
/// them. (Declared last, so they win over the other-error sources.)
[<AutoOpen>]
module TaskHandleBuilderCoreErrorSources =
    let private ofCore (result: Result<'T, Tether.HandleError>) : Result<'T, HandleError> =
        match result with
        | Ok value -> Ok value
        | Error error -> Error(HandleError.ofCore error)

    type TaskHandleBuilder with
        /// <c>let!</c> on a task of a Result with the core's error.
        member _.Source(result: Task<Result<'T, Tether.HandleError>>) : Task<Result<'T, HandleError>> =
            task {
                let! r = result
                return ofCore r
            }

        /// <c>let!</c> on a value task of a Result with the core's error.
        member _.Source(result: ValueTask<Result<'T, Tether.HandleError>>) : Task<Result<'T, HandleError>> =
            task {
                let! r = result
                return ofCore r
            }

        /// <c>let!</c> on an Async of a Result with the core's error. It starts at once, on this thread.
        member _.Source(result: Async<Result<'T, Tether.HandleError>>) : Task<Result<'T, HandleError>> =
            task {
                let! r = Async.StartImmediateAsTask result
                return ofCore r
            }

        /// <c>let!</c> on a Result with the core's error.
        member _.Source(result: Result<'T, Tether.HandleError>) : Task<Result<'T, HandleError>> = Task.FromResult(ofCore result)

/// The <c>taskHandle { }</c> computation expression.
[<AutoOpen>]
module TaskHandleCE =
    /// Builds a <c>Task&lt;Result&lt;_, HandleError&gt;&gt;</c>. Its <c>let!</c> and <c>do!</c> take a task,
    /// value task or Async of a <c>Result&lt;_, HandleError&gt;</c>, a Result itself, or a plain
    /// <c>Task&lt;'T&gt;</c>, <c>Task</c>, <c>ValueTask&lt;'T&gt;</c>, <c>ValueTask</c> or <c>Async&lt;'T&gt;</c>.
    /// A Result with another error type does not compile (FS0193): map its error to a HandleError first.
    let taskHandle = TaskHandleBuilder()
