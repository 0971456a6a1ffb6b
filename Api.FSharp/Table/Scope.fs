namespace Tether.FSharp

/// Pipeline-friendly functions over a <c>Tether.HandleScope</c>, with the scope last.
[<RequireQualifiedAccess>]
module Scope =
    /// Opens a scope on a table (the error is Disposed once the table is disposed); its handles are dropped
    /// when it is closed. Bind it with <c>use! scope = table |> Scope.openOn</c> in <c>handleResult { }</c>, and
    /// the block's end closes it.
    [<CompiledName("Open")>]
    let openOn (table: Tether.HandleTable) : Result<Tether.HandleScope, HandleError> =
        // The core answers a born-closed scope on a disposed table; F# says so with the error instead.
        match table.OpenScope() with
        | scope when scope.IsDisposed -> Error(HandleError.Disposed 0L)
        | scope -> Ok scope

    /// Opens a child scope, closed with its parent at the latest (bind it with <c>use!</c>, as <c>openOn</c>).
    [<CompiledName("OpenChild")>]
    let openChild (scope: Tether.HandleScope) : Result<Tether.HandleScope, HandleError> =
        match scope.OpenScope() with
        | child when child.IsDisposed -> Error(HandleError.Disposed 0L)
        | child -> Ok child

    /// Adds a resource that belongs to the scope.
    [<CompiledName("Add")>]
    let add (hold: Tether.Hold) (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        HandleError.ofFin (scope.Add(resource, hold))

    /// Adds a resource held strongly that belongs to the scope.
    [<CompiledName("AddStrong")>]
    let addStrong (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        HandleError.ofFin (scope.Add(resource, Tether.Hold.Strong))

    /// Adds a resource held weakly that belongs to the scope.
    [<CompiledName("AddWeak")>]
    let addWeak (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        HandleError.ofFin (scope.Add(resource, Tether.Hold.Weak))

    /// The enclosing scope, if the scope was opened in another one.
    [<CompiledName("Parent")>]
    let parent (scope: Tether.HandleScope) : Tether.HandleScope option =
        // (LanguageExt's Match refuses a null result, and F#'s None is null.)
        scope.Parent.IfNoneUnsafe(null: Tether.HandleScope) |> Option.ofObj

    /// The strong handles of the scope and its children still alive, by type.
    [<CompiledName("LeakReport")>]
    let leakReport (scope: Tether.HandleScope) : Tether.LeakReport = scope.LeakReport()

    /// Adds a resource the scope's end will dispose.
    [<CompiledName("AddOwned")>]
    let addOwned (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        HandleError.ofFin (scope.Add(resource, Tether.Hold.Strong, Tether.Ownership.Owned))

    /// Moves a handle out to the enclosing scope (or the table).
    [<CompiledName("Promote")>]
    let promote (handle: Tether.Handle<'T>) (scope: Tether.HandleScope) : Result<unit, HandleError> =
        HandleError.ofFin (scope.Promote handle) |> Result.map ignore

    /// Drops every handle of the scope and its children; says what disposing owned resources threw.
    [<CompiledName("Close")>]
    let close (scope: Tether.HandleScope) : Result<unit, HandleError> = HandleError.ofFin (scope.Close()) |> Result.map ignore
