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

/// <summary>Active patterns over lookups.</summary>
[<AutoOpen>]
module LookupPatterns =
    /// <summary>Splits a lookup into what a caller acts on: the resource is alive; the GC collected it; the handle
    /// was dropped (or its table disposed); or this table does not know the handle as a <c>'T</c>
    /// (never issued, forged, another table's, or another type's).</summary>
    let (|Alive|Collected|Dropped|Unknown|) (lookup: Lookup<'T>) =
        match lookup.Outcome with
        | Ok resource -> Alive resource
        | Error(HandleError.Collected _) -> Collected
        | Error(HandleError.Dropped _)
        | Error(HandleError.Disposed _)
        | Error(HandleError.ScopeDisposed _) -> Dropped
        | Error _ -> Unknown

/// <summary>Functions over lookups.</summary>
[<RequireQualifiedAccess>]
module Lookup =
    /// <summary>The lookup as a Result, with the exact error.</summary>
    [<CompiledName("ToResult")>]
    let toResult (lookup: Lookup<'T>) : Result<'T, HandleError> = lookup.Outcome
