namespace Tether.FSharp

open System
open System.Threading.Tasks

/// <summary>The builder behind <c>taskHandle { }</c>: a <c>Task&lt;Result&lt;_, HandleError&gt;&gt;</c> computation, for
/// asynchronous code such as JS interop.</summary>
type TaskHandleBuilder() =
    /// <summary><c>return x</c>.</summary>
    member _.Return(value: 'T) : Task<Result<'T, HandleError>> = Task.FromResult(Ok value)

    /// <summary><c>return! t</c>.</summary>
    member _.ReturnFrom(result: Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = result

    /// <summary>An <c>if</c> without <c>else</c>.</summary>
    member _.Zero() : Task<Result<unit, HandleError>> = Task.FromResult(Ok())

    /// <summary><c>let! x = t</c>: stops at the first error.</summary>
    member _.Bind(result: Task<Result<'T, HandleError>>, binder: 'T -> Task<Result<'U, HandleError>>) : Task<Result<'U, HandleError>> =
        task {
            match! result with
            | Ok value -> return! binder value
            | Error error -> return Error error
        }

    /// <summary><c>let! x = t ... return f x</c>.</summary>
    member _.BindReturn(result: Task<Result<'T, HandleError>>, mapping: 'T -> 'U) : Task<Result<'U, HandleError>> =
        task {
            let! r = result
            return Result.map mapping r
        }

    /// <summary><c>and!</c>: both run; the first error wins.</summary>
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

    /// <summary>Wraps the block so that it runs when <see cref="M:Tether.FSharp.TaskHandleBuilder.Run``1(Microsoft.FSharp.Core.FSharpFunc{Microsoft.FSharp.Core.Unit,System.Threading.Tasks.Task{Microsoft.FSharp.Core.FSharpResult{``0,Tether.FSharp.HandleError}}})"/> says.</summary>
    member _.Delay(generator: unit -> Task<Result<'T, HandleError>>) : unit -> Task<Result<'T, HandleError>> = generator

    /// <summary>Runs the block; an exception thrown before its first await becomes a faulted task, not a throw.</summary>
    member _.Run(generator: unit -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        try
            generator ()
        with e ->
            Task.FromException<Result<'T, HandleError>> e

    /// <summary>Sequencing: a statement, then the rest.</summary>
    member this.Combine(result: Task<Result<unit, HandleError>>, rest: unit -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        this.Bind(result, rest)

    /// <summary><c>try ... with</c>.</summary>
    member _.TryWith(generator: unit -> Task<Result<'T, HandleError>>, handler: exn -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        task {
            try
                return! generator ()
            with e ->
                return! handler e
        }

    /// <summary><c>try ... finally</c>.</summary>
    member _.TryFinally(generator: unit -> Task<Result<'T, HandleError>>, compensation: unit -> unit) : Task<Result<'T, HandleError>> =
        task {
            try
                return! generator ()
            finally
                compensation ()
        }

    /// <summary><c>use</c> and <c>use!</c>: disposed when the block ends, however it ends.</summary>
    member this.Using(resource: 'R :> IDisposable, binder: 'R -> Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> =
        this.TryFinally((fun () -> binder resource), (fun () -> if not (obj.ReferenceEquals(resource, null)) then resource.Dispose()))

    /// <summary><c>while</c>: stops at the first error.</summary>
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

    /// <summary><c>for</c>: stops at the first error.</summary>
    member this.For(sequence: seq<'T>, body: 'T -> Task<Result<unit, HandleError>>) : Task<Result<unit, HandleError>> =
        this.Using(sequence.GetEnumerator(), fun items -> this.While((fun () -> items.MoveNext()), (fun () -> body items.Current)))

    /// <summary>What <c>let!</c> accepts first: a task of a Result.</summary>
    member _.Source(result: Task<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = result

    /// <summary><c>let!</c> on a value task of a Result.</summary>
    member _.Source(result: ValueTask<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = result.AsTask()

    /// <summary><c>let!</c> on an Async of a Result: it starts at once, on this thread, as <c>task { }</c> starts an Async.</summary>
    member _.Source(result: Async<Result<'T, HandleError>>) : Task<Result<'T, HandleError>> = Async.StartImmediateAsTask result

    /// <summary><c>let!</c> on a Result.</summary>
    member _.Source(result: Result<'T, HandleError>) : Task<Result<'T, HandleError>> = Task.FromResult result

    /// <summary><c>let!</c> on an option, with the error to give when it is None: <c>let! x = (opt, error)</c>, as in
    /// <c>handleResult { }</c>.</summary>
    member _.Source((option: 'T option, error: HandleError)) : Task<Result<'T, HandleError>> =
        match option with
        | Some value -> Task.FromResult(Ok value)
        | None -> Task.FromResult(Error error)

/// <summary>The lowest-priority <c>let!</c> sources for <c>taskHandle { }</c>: awaitables of plain values, which
/// never fail with an error (a faulted one faults the block's task). What JS interop answers is here:
/// <c>IJSRuntime.InvokeAsync</c> gives a <c>ValueTask&lt;'T&gt;</c>, <c>InvokeVoidAsync</c> a <c>ValueTask</c>.</summary>
[<AutoOpen>]
module TaskHandleBuilderSources =
    type TaskHandleBuilder with
        /// <summary><c>let!</c> on a plain task: its value, never an error.</summary>
        member _.Source(value: Task<'T>) : Task<Result<'T, HandleError>> =
            task {
                let! v = value
                return Ok v
            }

        /// <summary><c>do!</c> on a task with no value: waits for it.</summary>
        member _.Source(work: Task) : Task<Result<unit, HandleError>> =
            task {
                do! work
                return Ok()
            }

        /// <summary><c>let!</c> on a value task: its value, never an error.</summary>
        member _.Source(value: ValueTask<'T>) : Task<Result<'T, HandleError>> =
            task {
                let! v = value
                return Ok v
            }

        /// <summary><c>do!</c> on a value task with no value: waits for it.</summary>
        member _.Source(work: ValueTask) : Task<Result<unit, HandleError>> =
            task {
                do! work
                return Ok()
            }

        /// <summary><c>let!</c> on an Async: its value, never an error. It starts at once, on this thread.</summary>
        member _.Source(computation: Async<'T>) : Task<Result<'T, HandleError>> =
            task {
                let! v = Async.StartImmediateAsTask computation
                return Ok v
            }

        /// <summary><c>for</c> over a sequence.</summary>
        member _.Source(sequence: seq<'T>) : seq<'T> = sequence

/// <summary><c>let!</c> on a Result whose error is not a handle error: these overloads exist so that such code
/// does not compile. Without them a <c>Task&lt;Result&lt;int, string&gt;&gt;</c> would bind as a plain task
/// and give <c>Ok (Ok 1)</c>; with them the compiler says <c>FS0193: The type 'HandleError' does not match
/// the type 'string'</c>. Map the error first, e.g. <c>Result.mapError HandleError.InvalidArgument</c>.
/// (Declared after the plain sources, so they win where both fit.)</summary>
[<AutoOpen>]
module TaskHandleBuilderOtherErrorSources =
    type TaskHandleBuilder with
        /// <summary>A task of a Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).</summary>
        member _.Source(result: Task<Result<'T, 'Error>>) : Task<Result<'T, 'Error>> = result

        /// <summary>A value task of a Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).</summary>
        member _.Source(result: ValueTask<Result<'T, 'Error>>) : Task<Result<'T, 'Error>> = result.AsTask()

        /// <summary>An Async of a Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).</summary>
        member _.Source(result: Async<Result<'T, 'Error>>) : Task<Result<'T, 'Error>> = Async.StartImmediateAsTask result

        /// <summary>A Result with another error: does not compile in <c>taskHandle { }</c> (FS0193).</summary>
        member _.Source(result: Result<'T, 'Error>) : Task<Result<'T, 'Error>> = Task.FromResult result

/// <summary><c>let!</c> on Results whose error is the core's <c>Tether.HandleError</c>, as <c>handleResult { }</c> takes
/// them. (Declared last, so they win over the other-error sources.)</summary>
[<AutoOpen>]
module TaskHandleBuilderCoreErrorSources =
    let private ofCore (result: Result<'T, Tether.HandleError>) : Result<'T, HandleError> =
        match result with
        | Ok value -> Ok value
        | Error error -> Error(HandleError.ofCore error)

    type TaskHandleBuilder with
        /// <summary><c>let!</c> on a task of a Result with the core's error.</summary>
        member _.Source(result: Task<Result<'T, Tether.HandleError>>) : Task<Result<'T, HandleError>> =
            task {
                let! r = result
                return ofCore r
            }

        /// <summary><c>let!</c> on a value task of a Result with the core's error.</summary>
        member _.Source(result: ValueTask<Result<'T, Tether.HandleError>>) : Task<Result<'T, HandleError>> =
            task {
                let! r = result
                return ofCore r
            }

        /// <summary><c>let!</c> on an Async of a Result with the core's error. It starts at once, on this thread.</summary>
        member _.Source(result: Async<Result<'T, Tether.HandleError>>) : Task<Result<'T, HandleError>> =
            task {
                let! r = Async.StartImmediateAsTask result
                return ofCore r
            }

        /// <summary><c>let!</c> on a Result with the core's error.</summary>
        member _.Source(result: Result<'T, Tether.HandleError>) : Task<Result<'T, HandleError>> = Task.FromResult(ofCore result)

/// <summary>The <c>taskHandle { }</c> computation expression.</summary>
[<AutoOpen>]
module TaskHandleCE =
    /// <summary>Builds a <c>Task&lt;Result&lt;_, HandleError&gt;&gt;</c>. Its <c>let!</c> and <c>do!</c> take a task,
    /// value task or Async of a <c>Result&lt;_, HandleError&gt;</c>, a Result itself, an option with the error to give
    /// when it is None (<c>let! x = (opt, error)</c>), or a plain
    /// <c>Task&lt;'T&gt;</c>, <c>Task</c>, <c>ValueTask&lt;'T&gt;</c>, <c>ValueTask</c> or <c>Async&lt;'T&gt;</c>.
    /// A Result with another error type does not compile (FS0193): map its error to a HandleError first.</summary>
    let taskHandle = TaskHandleBuilder()
