namespace Tether.FSharp


/// The same operations with the handle last, for pipelines that start from a handle:
/// <c>handle |> Handle.get table</c>.
[<RequireQualifiedAccess>]
module Handle =
    /// The raw form for the wire.
    [<CompiledName("Raw")>]
    let raw (handle: Tether.Handle<'T>) : int64 = handle.Raw

    /// The resource, or the exact error.
    [<CompiledName("Get")>]
    let get (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.get handle table

    /// The resource if the handle is current and its resource alive.
    [<CompiledName("TryGet")>]
    let tryGet (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.tryGet handle table

    /// The resource if the handle is current and its resource alive, as a value option: allocates nothing.
    [<CompiledName("TryGetValue")>]
    let tryGetValue (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.tryGetValue handle table

    /// The lookup, for the active pattern <c>Alive | Collected | Dropped | Unknown</c>.
    [<CompiledName("Lookup")>]
    let lookup (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.lookup handle table

    /// Whether the handle is alive, collected, dropped or unknown.
    [<CompiledName("State")>]
    let state (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.state handle table

    /// The handle's current hold.
    [<CompiledName("HoldOf")>]
    let holdOf (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.holdOf handle table

    /// Ends the handle.
    [<CompiledName("Drop")>]
    let drop (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.drop handle table

    /// Ends the handle, awaiting its owned resource if that disposes asynchronously.
    [<CompiledName("DropAsync")>]
    let dropAsync (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.dropAsync handle table

    /// Ends the handle and returns its resource.
    [<CompiledName("Take")>]
    let take (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.take handle table

    /// Turns a strong hold weak.
    [<CompiledName("Loosen")>]
    let loosen (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.loosen handle table

    /// Turns a weak hold strong again, if the resource still lives.
    [<CompiledName("Tighten")>]
    let tighten (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.tighten handle table

    /// The compact 32-bit form of a current handle.
    [<CompiledName("ToCompact")>]
    let toCompact (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.toCompact handle table
