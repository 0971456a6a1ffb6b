namespace Tether.FSharp

open System.Threading.Tasks

/// <summary>Pipeline-friendly functions over a <c>Tether.HandleScope</c>, with the scope last. The functions that add
/// take the same arguments as <c>HandleTable</c>'s (<c>add</c>, <c>hold</c>, <c>addWeak</c>, <c>addOwned</c>,
/// <c>scoped</c>), so table code moves to a scope by renaming the module.</summary>
[<RequireQualifiedAccess>]
module Scope =
    /// <summary>The error of a scope born closed: the table's Disposed if the table is disposed, else ScopeDisposed.</summary>
    let private closed (scope: Tether.HandleScope) : HandleError =
        if scope.Table.IsDisposed then HandleError.Disposed 0L else HandleError.ScopeDisposed 0L

    /// <summary>Opens a scope on a table (the error is Disposed once the table is disposed); its handles are dropped
    /// when it is closed. Bind it with <c>use! scope = table |> Scope.openOn</c> in <c>handleResult { }</c>, and
    /// the block's end closes it.</summary>
    [<CompiledName("Open")>]
    let openOn (table: Tether.HandleTable) : Result<Tether.HandleScope, HandleError> =
        table
        |> Guard.table (fun table ->
            // The core answers a born-closed scope on a disposed table; F# says so with the error instead.
            match table.OpenScope() with
            | scope when scope.IsDisposed -> Error(HandleError.Disposed 0L)
            | scope -> Ok scope)

    /// <summary>Opens a child scope, closed with its parent at the latest (bind it with <c>use!</c>, as <c>openOn</c>).
    /// A closed parent is ScopeDisposed (Disposed if its table is disposed).</summary>
    [<CompiledName("OpenChild")>]
    let openChild (scope: Tether.HandleScope) : Result<Tether.HandleScope, HandleError> =
        scope
        |> Guard.scope (fun scope ->
            match scope.OpenScope() with
            | child when child.IsDisposed -> Error(closed scope)
            | child -> Ok child)

    /// <summary>Adds a resource with the given hold that belongs to the scope, and returns its handle.</summary>
    [<CompiledName("Hold")>]
    let hold (hold: Tether.Hold) (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        scope |> Guard.scope (fun scope -> HandleError.ofFin (scope.Add(resource, hold)))

    /// <summary>Adds a resource held strongly that belongs to the scope.</summary>
    [<CompiledName("Add")>]
    let add (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        hold Tether.Hold.Strong resource scope

    /// <summary>Adds a resource held strongly that belongs to the scope: the same as <c>add</c>.</summary>
    [<CompiledName("AddStrong")>]
    let addStrong (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        hold Tether.Hold.Strong resource scope

    /// <summary>Adds a resource held weakly that belongs to the scope.</summary>
    [<CompiledName("AddWeak")>]
    let addWeak (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        hold Tether.Hold.Weak resource scope

    /// <summary>Adds a resource the scope's end will dispose.</summary>
    [<CompiledName("AddOwned")>]
    let addOwned (resource: 'T) (scope: Tether.HandleScope) : Result<Tether.Handle<'T>, HandleError> =
        scope |> Guard.scope (fun scope -> HandleError.ofFin (scope.Add(resource, Tether.Hold.Strong, Tether.Ownership.Owned)))

    /// <summary>Adds a resource, strongly, to the scope as a handle that drops itself when disposed (for <c>use!</c>);
    /// the scope's end drops it at the latest.</summary>
    [<CompiledName("Scoped")>]
    let scoped (resource: 'T) (scope: Tether.HandleScope) : Result<Scoped<'T>, HandleError> =
        add resource scope |> Result.map (fun h -> new Scoped<'T>(scope.Table, h))

    /// <summary>The enclosing scope, if the scope was opened in another one.</summary>
    [<CompiledName("Parent")>]
    let parent (scope: Tether.HandleScope) : Tether.HandleScope option =
        scope
        |> Guard.orElse None (fun scope ->
            // (LanguageExt's Match refuses a null result, and F#'s None is null.)
            scope.Parent.IfNoneUnsafe(null: Tether.HandleScope) |> Option.ofObj)

    /// <summary>The strong handles of the scope and its children still alive, by type.</summary>
    [<CompiledName("LeakReport")>]
    let leakReport (scope: Tether.HandleScope) : Tether.LeakReport =
        scope |> Guard.orElse (Tether.LeakReport [||]) (fun scope -> scope.LeakReport())

    /// <summary>Moves a handle out to the enclosing scope (or the table).</summary>
    [<CompiledName("Promote")>]
    let promote (handle: Tether.Handle<'T>) (scope: Tether.HandleScope) : Result<unit, HandleError> =
        scope |> Guard.scope (fun scope -> HandleError.ofFin (scope.Promote handle) |> Result.map ignore)

    /// <summary>Drops every handle of the scope and its children; says what disposing owned resources threw.</summary>
    [<CompiledName("Close")>]
    let close (scope: Tether.HandleScope) : Result<unit, HandleError> =
        scope |> Guard.scope (fun scope -> HandleError.ofFin (scope.Close()) |> Result.map ignore)

    /// <summary>Drops every handle of the scope and its children, awaiting owned resources that dispose
    /// asynchronously, and says what they threw (<c>DisposeFailed</c>).</summary>
    [<CompiledName("CloseAsync")>]
    let closeAsync (scope: Tether.HandleScope) : Task<Result<unit, HandleError>> =
        scope
        |> Guard.scopeTask (fun scope ->
            task {
                let! closed = scope.CloseAsync()
                return HandleError.ofFin closed |> Result.map ignore
            })
