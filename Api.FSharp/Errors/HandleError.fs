namespace Tether.FSharp

open System

/// <summary>Everything that can go wrong with a handle, as an F# union. Each case matches one case of the core's
/// <c>Tether.HandleError</c> and carries the same data (a closed scope is <c>ScopeDisposed</c>, the core's
/// <c>Disposed</c> with <c>OfScope</c>); <see cref="M:Tether.FSharp.HandleErrorModule.Code(Tether.FSharp.HandleError)"/>
/// gives its stable code.</summary>
[<RequireQualifiedAccess>]
type HandleError =
    /// <summary>The handle was never issued by this table: forged, default or out of range.</summary>
    | Unknown of raw: int64
    /// <summary>The handle was issued, then dropped, taken or ended with its table.</summary>
    | Dropped of raw: int64
    /// <summary>The handle held its resource weakly and the GC collected the resource.</summary>
    | Collected of raw: int64 * resourceType: Type
    /// <summary>The handle was issued for another resource type than the one asked for.</summary>
    | WrongType of raw: int64 * expected: Type * actual: Type
    /// <summary>The handle was minted by another table.</summary>
    | WrongTable of raw: int64
    /// <summary>The table has been disposed.</summary>
    | Disposed of raw: int64
    /// <summary>The scope the operation went through has been closed; the table may be fine. Its code is Disposed's.</summary>
    | ScopeDisposed of raw: int64
    /// <summary>The table is at its capacity of live handles.</summary>
    | TableFull of capacity: int
    /// <summary>A null resource was offered.</summary>
    | NullResource of resourceType: Type
    /// <summary>The handle has no compact 32-bit form.</summary>
    | NoCompactForm of raw: int64
    /// <summary>An argument is out of range.</summary>
    | InvalidArgument of reason: string
    /// <summary>Owned resources threw while being disposed; their handles ended all the same. Every handle whose
    /// resource failed is listed with what it threw, in the core's order: one for a drop, one or more for closing
    /// a table or a scope (the core's <c>Handles</c>, each with its part of <c>Thrown</c>).</summary>
    | DisposeFailed of failures: (int64 * exn) list
    /// <summary>The handle does not belong to the scope asked to move it.</summary>
    | WrongScope of raw: int64

/// <summary>Conversions between the F# union and the core's errors, total both ways.</summary>
[<RequireQualifiedAccess>]
module HandleError =
    /// <summary>Each handle of a core DisposeFailed with what its disposal threw: for several, the core's
    /// AggregateException holds one exception per handle, in the same order.</summary>
    let private failuresOf (error: Tether.HandleError.DisposeFailed) : (int64 * exn) list =
        let handles = List.ofSeq error.Handles
        match error.Thrown with
        | :? AggregateException as all when handles.Length > 1 && all.InnerExceptions.Count = handles.Length ->
            List.zip handles (List.ofSeq all.InnerExceptions)
        | thrown when handles.Length > 1 -> handles |> List.map (fun raw -> raw, thrown)
        | thrown -> [ error.Raw, thrown ]

    /// <summary>The F# case of a core error.</summary>
    [<CompiledName("OfCore")>]
    let ofCore (error: Tether.HandleError) : HandleError =
        match error with
        | null -> HandleError.InvalidArgument "error is null."
        | :? Tether.HandleError.Unknown -> HandleError.Unknown error.Raw
        | :? Tether.HandleError.Dropped -> HandleError.Dropped error.Raw
        | :? Tether.HandleError.Collected as e -> HandleError.Collected(e.Raw, e.Type)
        | :? Tether.HandleError.WrongType as e -> HandleError.WrongType(e.Raw, e.Expected, e.Actual)
        | :? Tether.HandleError.WrongTable -> HandleError.WrongTable error.Raw
        | :? Tether.HandleError.Disposed as e when e.OfScope -> HandleError.ScopeDisposed e.Raw
        | :? Tether.HandleError.Disposed -> HandleError.Disposed error.Raw
        | :? Tether.HandleError.TableFull as e -> HandleError.TableFull e.Capacity
        | :? Tether.HandleError.NullResource as e -> HandleError.NullResource e.Type
        | :? Tether.HandleError.NoCompactForm -> HandleError.NoCompactForm error.Raw
        | :? Tether.HandleError.InvalidArgument as e -> HandleError.InvalidArgument e.Reason
        | :? Tether.HandleError.DisposeFailed as e -> HandleError.DisposeFailed(failuresOf e)
        | :? Tether.HandleError.WrongScope -> HandleError.WrongScope error.Raw
        // The core's union is closed (its constructor is private to the assembly); this keeps the match total.
        | other -> HandleError.InvalidArgument other.Message

    /// <summary>The core error of an F# case.</summary>
    [<CompiledName("ToCore")>]
    let toCore (error: HandleError) : Tether.HandleError =
        match error with
        | HandleError.Unknown raw -> Tether.HandleError.Unknown raw
        | HandleError.Dropped raw -> Tether.HandleError.Dropped raw
        | HandleError.Collected(raw, ty) -> Tether.HandleError.Collected(raw, ty)
        | HandleError.WrongType(raw, expected, actual) -> Tether.HandleError.WrongType(raw, expected, actual)
        | HandleError.WrongTable raw -> Tether.HandleError.WrongTable raw
        | HandleError.Disposed raw -> Tether.HandleError.Disposed raw
        | HandleError.ScopeDisposed raw -> Tether.HandleError.Disposed.Scope raw
        | HandleError.TableFull capacity -> Tether.HandleError.TableFull capacity
        | HandleError.NullResource ty -> Tether.HandleError.NullResource ty
        | HandleError.NoCompactForm raw -> Tether.HandleError.NoCompactForm raw
        | HandleError.InvalidArgument reason -> Tether.HandleError.InvalidArgument reason
        | HandleError.DisposeFailed [ raw, e ] -> Tether.HandleError.DisposeFailed(raw, e)
        // A list no disposal made: the core's error needs a handle, and 0 is the raw value of none.
        | HandleError.DisposeFailed [] -> Tether.HandleError.DisposeFailed(0L, InvalidOperationException "no disposal was listed as failed.")
        | HandleError.DisposeFailed failures ->
            Tether.HandleError.DisposeFailed.Combine [| for raw, e in failures -> Tether.HandleError.DisposeFailed(raw, e) |]
        | HandleError.WrongScope raw -> Tether.HandleError.WrongScope raw

    /// <summary>The stable code of an error (<c>Tether.HandleErrorCode</c>); a Wasm guest sees it negated.</summary>
    [<CompiledName("Code")>]
    let code (error: HandleError) : int =
        match error with
        | HandleError.Unknown _ -> Tether.HandleErrorCode.Unknown
        | HandleError.Dropped _ -> Tether.HandleErrorCode.Dropped
        | HandleError.Collected _ -> Tether.HandleErrorCode.Collected
        | HandleError.WrongType _ -> Tether.HandleErrorCode.WrongType
        | HandleError.WrongTable _ -> Tether.HandleErrorCode.WrongTable
        | HandleError.Disposed _
        | HandleError.ScopeDisposed _ -> Tether.HandleErrorCode.Disposed
        | HandleError.TableFull _ -> Tether.HandleErrorCode.TableFull
        | HandleError.NullResource _ -> Tether.HandleErrorCode.NullResource
        | HandleError.NoCompactForm _ -> Tether.HandleErrorCode.NoCompactForm
        | HandleError.InvalidArgument _ -> Tether.HandleErrorCode.InvalidArgument
        | HandleError.DisposeFailed _ -> Tether.HandleErrorCode.DisposeFailed
        | HandleError.WrongScope _ -> Tether.HandleErrorCode.WrongScope

    /// <summary>A sentence that says what happened, the same as the core error's message.</summary>
    [<CompiledName("Message")>]
    let message (error: HandleError) : string = (toCore error).Message

    /// <summary>The F# error behind a LanguageExt error, if it is a handle error.</summary>
    [<CompiledName("TryOfError")>]
    let tryOfError (error: LanguageExt.Common.Error) : HandleError option =
        match error with
        | :? Tether.HandleError as e -> Some(ofCore e)
        | _ -> None

    /// <summary>The F# error of any LanguageExt error from the core (which only ever fails with handle errors).
    /// (No option on the way: a failed lookup allocates the core's error and its F# case, nothing more.)</summary>
    let internal ofError (error: LanguageExt.Common.Error) : HandleError =
        match error with
        | :? Tether.HandleError as e -> ofCore e
        | _ -> HandleError.InvalidArgument error.Message

    /// <summary>Turns a LanguageExt Fin from the core into an F# Result, allocating nothing on success: for code that
    /// calls the C# core directly. (Every function of this package already answers a Result.)</summary>
    [<CompiledName("OfFin")>]
    let ofFin (fin: LanguageExt.Fin<'T>) : Result<'T, HandleError> =
        if fin.IsSucc then
            Ok(fin.ThrowIfFail())
        else
            // A failed Fin's Case is its error: read so, a failure allocates no delegates for Match.
            match fin.Case with
            | :? LanguageExt.Common.Error as error -> Error(ofError error)
            | _ -> fin.Match((fun v -> Ok v), (fun e -> Error(ofError e)))
