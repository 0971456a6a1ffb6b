namespace Tether.FSharp

open System.Threading.Tasks

/// <summary>The one null check of this package: a null table or scope is an argument error, never a
/// NullReferenceException. Functions that answer a Result answer the error; others their empty value.</summary>
module internal Guard =
    /// <summary>What a function given a null table answers (the Wasmtime bridge's wording).</summary>
    let tableIsNull: HandleError = HandleError.InvalidArgument "table is null."

    /// <summary>What a function given a null scope answers.</summary>
    let scopeIsNull: HandleError = HandleError.InvalidArgument "scope is null."

    /// <summary>Runs the work on the subject, or answers what <c>whenNull</c> makes when the subject is null.</summary>
    let inline ifNull ([<InlineIfLambda>] whenNull: unit -> 'R) ([<InlineIfLambda>] work: 'S -> 'R) (subject: 'S) : 'R =
        if obj.ReferenceEquals(subject, null) then whenNull () else work subject

    /// <summary>Runs the work on the subject, or answers the given value when the subject is null.</summary>
    let inline orElse (value: 'R) ([<InlineIfLambda>] work: 'S -> 'R) (subject: 'S) : 'R = ifNull (fun () -> value) work subject

    /// <summary>Runs the work on a table, or answers the error of a null table.</summary>
    let inline table ([<InlineIfLambda>] work: Tether.HandleTable -> Result<'T, HandleError>) (table: Tether.HandleTable) =
        ifNull (fun () -> Error tableIsNull) work table

    /// <summary>Runs the asynchronous work on a table, or answers the error of a null table.</summary>
    let inline tableTask ([<InlineIfLambda>] work: Tether.HandleTable -> Task<Result<'T, HandleError>>) (table: Tether.HandleTable) =
        ifNull (fun () -> Task.FromResult(Error tableIsNull)) work table

    /// <summary>Runs the work on a scope, or answers the error of a null scope.</summary>
    let inline scope ([<InlineIfLambda>] work: Tether.HandleScope -> Result<'T, HandleError>) (scope: Tether.HandleScope) =
        ifNull (fun () -> Error scopeIsNull) work scope

    /// <summary>Runs the asynchronous work on a scope, or answers the error of a null scope.</summary>
    let inline scopeTask ([<InlineIfLambda>] work: Tether.HandleScope -> Task<Result<'T, HandleError>>) (scope: Tether.HandleScope) =
        ifNull (fun () -> Task.FromResult(Error scopeIsNull)) work scope
