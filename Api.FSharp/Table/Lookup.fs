namespace Tether.FSharp

/// <summary>The answer a default lookup gives, made once so that reading one allocates nothing.</summary>
module internal LookupDefaults =
    let unknown: HandleError = HandleError.Unknown 0L

/// <summary>The answer to a lookup, to match with the active pattern <c>Alive | Collected | Dropped | Unknown</c>.
/// Its representation is hidden (not a record), so it adds no field label that user code could collide with.
/// A default lookup (<c>Lookup()</c>, <c>Array.zeroCreate</c>) is Unknown, as a default handle is.</summary>
[<Struct>]
type Lookup<'T> =
    val private result: Result<'T, HandleError>
    // False only in a default lookup, whose result would read as Ok null.
    val private made: bool
    internal new(result: Result<'T, HandleError>) = { result = result; made = true }
    member internal lookup.Outcome = if lookup.made then lookup.result else Error LookupDefaults.unknown

/// <summary>Active patterns over lookups: the four-case pattern, and the same four cases as struct partial patterns
/// (<c>AliveValue</c>, ...) that allocate nothing.</summary>
[<AutoOpen>]
module LookupPatterns =
    /// <summary>Splits a lookup into what a caller acts on: the resource is alive; the GC collected it; the handle
    /// was dropped (or its table disposed); or this table does not know the handle as a <c>'T</c>
    /// (never issued, forged, another table's, or another type's). F# returns a multi-case pattern's answer as a
    /// <c>Choice</c> object, so each match allocates one (32 B in Release); the <c>AliveValue</c>,
    /// <c>CollectedValue</c>, <c>DroppedValue</c> and <c>UnknownValue</c> patterns allocate nothing.</summary>
    let (|Alive|Collected|Dropped|Unknown|) (lookup: Lookup<'T>) =
        match lookup.Outcome with
        | Ok resource -> Alive resource
        | Error(HandleError.Collected _) -> Collected
        | Error(HandleError.Dropped _)
        | Error(HandleError.Disposed _)
        | Error(HandleError.ScopeDisposed _) -> Dropped
        | Error _ -> Unknown

    /// <summary>The resource of a live lookup, as <c>Alive</c> gives it, but as a struct partial pattern: a match
    /// allocates nothing. End a match of these patterns with <c>| _ -></c> (the compiler cannot see that the four
    /// cover every lookup).</summary>
    [<return: Struct>]
    let (|AliveValue|_|) (lookup: Lookup<'T>) : 'T voption =
        match lookup.Outcome with
        | Ok resource -> ValueSome resource
        | Error _ -> ValueNone

    /// <summary>A lookup whose resource the GC collected, as <c>Collected</c> gives it; allocates nothing.</summary>
    [<return: Struct>]
    let (|CollectedValue|_|) (lookup: Lookup<'T>) : unit voption =
        match lookup.Outcome with
        | Error(HandleError.Collected _) -> ValueSome()
        | _ -> ValueNone

    /// <summary>A lookup of a dropped handle (or of a disposed table or closed scope), as <c>Dropped</c> gives it;
    /// allocates nothing.</summary>
    [<return: Struct>]
    let (|DroppedValue|_|) (lookup: Lookup<'T>) : unit voption =
        match lookup.Outcome with
        | Error(HandleError.Dropped _)
        | Error(HandleError.Disposed _)
        | Error(HandleError.ScopeDisposed _) -> ValueSome()
        | _ -> ValueNone

    /// <summary>A lookup of a handle this table does not know as a <c>'T</c>, as <c>Unknown</c> gives it; allocates
    /// nothing.</summary>
    [<return: Struct>]
    let (|UnknownValue|_|) (lookup: Lookup<'T>) : unit voption =
        match lookup.Outcome with
        | Ok _
        | Error(HandleError.Collected _)
        | Error(HandleError.Dropped _)
        | Error(HandleError.Disposed _)
        | Error(HandleError.ScopeDisposed _) -> ValueNone
        | Error _ -> ValueSome()

/// <summary>Functions over lookups.</summary>
[<RequireQualifiedAccess>]
module Lookup =
    /// <summary>The lookup as a Result, with the exact error.</summary>
    [<CompiledName("ToResult")>]
    let toResult (lookup: Lookup<'T>) : Result<'T, HandleError> = lookup.Outcome
