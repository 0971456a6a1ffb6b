namespace Tether.FSharp

open System

/// The builder behind <c>handle { }</c>: a Result computation whose error is a <see cref="T:Tether.FSharp.HandleError"/>.
/// Every member is inline, so a block compiles to the matches you would write by hand.
type HandleBuilder() =
    /// <c>return x</c>.
    member inline _.Return(value: 'T) : Result<'T, HandleError> = Ok value

    /// <c>return! r</c>.
    member inline _.ReturnFrom(result: Result<'T, HandleError>) : Result<'T, HandleError> = result

    /// An <c>if</c> without <c>else</c>.
    member inline _.Zero() : Result<unit, HandleError> = Ok()

    /// <c>let! x = r</c>: stops at the first error.
    member inline _.Bind(result: Result<'T, HandleError>, [<InlineIfLambda>] binder: 'T -> Result<'U, HandleError>) : Result<'U, HandleError> =
        match result with
        | Ok value -> binder value
        | Error error -> Error error

    /// <c>let! x = r ... return f x</c> without a second bind.
    member inline _.BindReturn(result: Result<'T, HandleError>, [<InlineIfLambda>] mapping: 'T -> 'U) : Result<'U, HandleError> =
        match result with
        | Ok value -> Ok(mapping value)
        | Error error -> Error error

    /// <c>and!</c>: both must succeed; the first error wins.
    member inline _.MergeSources(left: Result<'T, HandleError>, right: Result<'U, HandleError>) : Result<'T * 'U, HandleError> =
        match left, right with
        | Ok l, Ok r -> Ok(l, r)
        | Error error, _
        | _, Error error -> Error error

    /// Wraps the block so that it runs when <see cref="M:Tether.FSharp.HandleBuilder.Run"/> says.
    member inline _.Delay([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>) : unit -> Result<'T, HandleError> = generator

    /// Runs the block.
    member inline _.Run([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>) : Result<'T, HandleError> = generator ()

    /// Sequencing: a statement, then the rest.
    member inline _.Combine(result: Result<unit, HandleError>, [<InlineIfLambda>] rest: unit -> Result<'T, HandleError>) : Result<'T, HandleError> =
        match result with
        | Ok() -> rest ()
        | Error error -> Error error

    /// <c>try ... with</c>.
    member inline _.TryWith([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>, [<InlineIfLambda>] handler: exn -> Result<'T, HandleError>) : Result<'T, HandleError> =
        try
            generator ()
        with e ->
            handler e

    /// <c>try ... finally</c>.
    member inline _.TryFinally([<InlineIfLambda>] generator: unit -> Result<'T, HandleError>, [<InlineIfLambda>] compensation: unit -> unit) : Result<'T, HandleError> =
        try
            generator ()
        finally
            compensation ()

    /// <c>use</c> and <c>use!</c>: the resource is disposed when the block ends, however it ends.
    member inline this.Using(resource: 'R :> IDisposable, [<InlineIfLambda>] binder: 'R -> Result<'T, HandleError>) : Result<'T, HandleError> =
        this.TryFinally((fun () -> binder resource), (fun () -> if not (obj.ReferenceEquals(resource, null)) then resource.Dispose()))

    /// <c>while</c>: stops at the first error.
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

    /// <c>for</c>: stops at the first error.
    member inline this.For(sequence: seq<'T>, [<InlineIfLambda>] body: 'T -> Result<unit, HandleError>) : Result<unit, HandleError> =
        this.Using(sequence.GetEnumerator(), fun items -> this.While((fun () -> items.MoveNext()), (fun () -> body items.Current)))

    /// What <c>let!</c> accepts first: a Result with a handle error.
    member inline _.Source(result: Result<'T, HandleError>) : Result<'T, HandleError> = result

/// Lower-priority <c>let!</c> sources, as extensions so the Result overload wins where both fit.
[<AutoOpen>]
module HandleBuilderSources =
    type HandleBuilder with
        /// <c>let!</c> on a Result whose error is the core's <c>Tether.HandleError</c>.
        member inline _.Source(result: Result<'T, Tether.HandleError>) : Result<'T, HandleError> =
            match result with
            | Ok value -> Ok value
            | Error error -> Error(HandleError.ofCore error)

        /// <c>let!</c> on an option, with the error to give when it is None: <c>let! x = (opt, error)</c>.
        member inline _.Source((option: 'T option, error: HandleError)) : Result<'T, HandleError> =
            match option with
            | Some value -> Ok value
            | None -> Error error

        /// <c>for</c> over a sequence.
        member inline _.Source(sequence: seq<'T>) : seq<'T> = sequence

/// The <c>handleResult { }</c> computation expression, also named <c>handle { }</c>.
[<AutoOpen>]
module HandleCE =
    /// Builds a <c>Result&lt;_, HandleError&gt;</c>: <c>let!</c>, <c>and!</c>, <c>use!</c>, <c>for</c>, <c>while</c>,
    /// <c>try</c>. Named so that a value called <c>handle</c> (the natural name of a handle) leaves it in
    /// sight: <c>let handle = ...</c> then <c>handleResult { let! x = handle |> Handle.get table ... }</c>.
    let handleResult = HandleBuilder()

    /// The same builder as <see cref="P:Tether.FSharp.HandleCE.handleResult"/>, under its short name. Any value
    /// named <c>handle</c> in scope hides it (FS0708: "This control construct may only be used if the
    /// computation expression builder defines a 'Bind' method"); write <c>handleResult { }</c> there.
    let handle = handleResult
