namespace Tether.FSharp

/// The answer to a lookup, to match with the active pattern <c>Alive | Collected | Dropped | Unknown</c>.
/// Its representation is hidden (not a record), so it adds no field label that user code could collide with.
[<Struct>]
type Lookup<'T> =
    val private result: Result<'T, HandleError>
    internal new(result: Result<'T, HandleError>) = { result = result }
    member internal lookup.Outcome = lookup.result

/// Active patterns over lookups.
[<AutoOpen>]
module LookupPatterns =
    /// Splits a lookup into what a caller acts on: the resource is alive; the GC collected it; the handle
    /// was dropped (or its table disposed); or this table does not know the handle as a <c>'T</c>
    /// (never issued, forged, another table's, or another type's).
    let (|Alive|Collected|Dropped|Unknown|) (lookup: Lookup<'T>) =
        match lookup.Outcome with
        | Ok resource -> Alive resource
        | Error(HandleError.Collected _) -> Collected
        | Error(HandleError.Dropped _)
        | Error(HandleError.Disposed _) -> Dropped
        | Error _ -> Unknown

/// Functions over lookups.
[<RequireQualifiedAccess>]
module Lookup =
    /// The lookup as a Result, with the exact error.
    [<CompiledName("ToResult")>]
    let toResult (lookup: Lookup<'T>) : Result<'T, HandleError> = lookup.Outcome
