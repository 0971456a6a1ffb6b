namespace Tether.FSharp

open System

/// <summary>The builder behind <c>handleResult { }</c> (also named <c>handle { }</c>): a Result computation whose error is a <see cref="T:Tether.FSharp.HandleError"/>.
/// Every member is inline, so a block compiles to the matches you would write by hand.</summary>
type HandleBuilder() =
    /// <summary><c>return x</c>.</summary>
    member inline _.Return(value: 'T) : Result<'T, HandleError> = Ok value

    /// <summary><c>return! r</c>.</summary>
    member inline _.ReturnFrom(result: Result<'T, HandleError>) : Result<'T, HandleError> = result

    /// <summary>An <c>if</c> without <c>else</c>.</summary>
    member inline _.Zero() : Result<unit, HandleError> = Ok()

    /// <summary><c>let! x = r</c>: stops at the first error.</summary>
    member inline _.Bind(result: Result<'T, HandleError>, [<InlineIfLambda>] binder: 'T -> Result<'U, HandleError>) : Result<'U, HandleError> =
        match result with
        | Ok value -> binder value
        | Error error -> Error error

    /// <summary><c>let! x = r ... return f x</c> without a second bind.</summary>
    member inline _.BindReturn(result: Result<'T, HandleError>, [<InlineIfLambda>] mapping: 'T -> 'U) : Result<'U, HandleError> =
        match result with
        | Ok value -> Ok(mapping value)
        | Error error -> Error error

    /// <summary><c>and!</c>: both must succeed; the first error wins.</summary>
    member inline _.MergeSources(left: Result<'T, HandleError>, right: Result<'U, HandleError>) : Result<'T * 'U, HandleError> =
        match left, right with
        | Ok l, Ok r -> Ok(l, r)
        | Error error, _
        | _, Error error -> Error error

    /// <summary>Wraps the block so that it runs when <see cref="M:Tether.FSharp.HandleBuilder.Run``1(Microsoft.FSharp.Core.FSharpFunc{Microsoft.FSharp.Core.Unit,Microsoft.FSharp.Core.FSharpResult{``0,Tether.FSharp.HandleError}})"/> says.</summary>
    member inline _.Delay([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>) : unit -> Result<'T, HandleError> = generator

    /// <summary>Runs the block.</summary>
    member inline _.Run([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>) : Result<'T, HandleError> = generator ()

    /// <summary>Sequencing: a statement, then the rest.</summary>
    member inline _.Combine(result: Result<unit, HandleError>, [<InlineIfLambda>] rest: unit -> Result<'T, HandleError>) : Result<'T, HandleError> =
        match result with
        | Ok() -> rest ()
        | Error error -> Error error

    /// <summary><c>try ... with</c>.</summary>
    member inline _.TryWith([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>, [<InlineIfLambda>] handler: exn -> Result<'T, HandleError>) : Result<'T, HandleError> =
        try
            generator ()
        with e ->
            handler e

    /// <summary><c>try ... finally</c>.</summary>
    member inline _.TryFinally([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>, [<InlineIfLambda>] compensation: unit -> unit) : Result<'T, HandleError> =
        try
            generator ()
        finally
            compensation ()

    /// <summary><c>use</c> and <c>use!</c>: the resource is disposed when the block ends, however it ends.</summary>
    member inline this.Using(resource: 'R :> IDisposable, [<InlineIfLambda>] binder: 'R -> Result<'T, HandleError>) : Result<'T, HandleError> =
        this.TryFinally((fun () -> binder resource), (fun () -> if not (obj.ReferenceEquals(resource, null)) then resource.Dispose()))

    /// <summary><c>while</c>: stops at the first error.</summary>
    member inline _.While([<InlineIfLambda>] guard: unit -> bool, [<InlineIfLambda>] body: unit -> Result<unit, HandleError>) : Result<unit, HandleError> =
        let mutable result = Ok()
        let mutable go = true
        while go && guard () do
            match body () with
            | Ok() -> ()
            | Error _ as failed ->
                result <- failed
                go <- false
        result

    /// <summary><c>for</c>: stops at the first error.</summary>
    member inline this.For(sequence: seq<'T>, [<InlineIfLambda>] body: 'T -> Result<unit, HandleError>) : Result<unit, HandleError> =
        this.Using(sequence.GetEnumerator(), fun items -> this.While((fun () -> items.MoveNext()), (fun () -> body items.Current)))

    /// <summary>What <c>let!</c> accepts first: a Result with a handle error.</summary>
    member inline _.Source(result: Result<'T, HandleError>) : Result<'T, HandleError> = result

/// <summary>Lower-priority <c>let!</c> sources, as extensions so the Result overload wins where both fit.</summary>
[<AutoOpen>]
module HandleBuilderSources =
    type HandleBuilder with
        /// <summary><c>let!</c> on a Result whose error is the core's <c>Tether.HandleError</c>.</summary>
        member inline _.Source(result: Result<'T, Tether.HandleError>) : Result<'T, HandleError> =
            match result with
            | Ok value -> Ok value
            | Error error -> Error(HandleError.ofCore error)

        /// <summary><c>let!</c> on an option, with the error to give when it is None: <c>let! x = (opt, error)</c>.</summary>
        member inline _.Source((option: 'T option, error: HandleError)) : Result<'T, HandleError> =
            match option with
            | Some value -> Ok value
            | None -> Error error

        /// <summary><c>for</c> over a sequence.</summary>
        member inline _.Source(sequence: seq<'T>) : seq<'T> = sequence

/// <summary>The <c>handleResult { }</c> computation expression, also named <c>handle { }</c>.</summary>
[<AutoOpen>]
module HandleCE =
    /// <summary>Builds a <c>Result&lt;_, HandleError&gt;</c>: <c>let!</c>, <c>and!</c>, <c>use!</c>, <c>for</c>, <c>while</c>,
    /// <c>try</c>. Named so that a value called <c>handle</c> (the natural name of a handle) leaves it in
    /// sight: <c>let handle = ...</c> then <c>handleResult { let! x = handle |> Handle.get table ... }</c>.</summary>
    let handleResult = HandleBuilder()

    /// <summary>The same builder as <see cref="P:Tether.FSharp.HandleCE.handleResult"/>, under its short name. Any value
    /// named <c>handle</c> in scope hides it (FS0708: "This control construct may only be used if the
    /// computation expression builder defines a 'Bind' method"); write <c>handleResult { }</c> there.</summary>
    let handle = handleResult
