namespace Tether.FSharp


/// <summary>The same operations with the handle last, for pipelines that start from a handle:
/// <c>handle |> Handle.get table</c>.</summary>
[<RequireQualifiedAccess>]
module Handle =
    /// <summary>The raw form for the wire.</summary>
    [<CompiledName("Raw")>]
    let raw (handle: Tether.Handle<'T>) : int64 = handle.Raw

    /// <summary>The resource, or the exact error.</summary>
    [<CompiledName("Get")>]
    let get (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.get handle table

    /// <summary>The resource if the handle is current and its resource alive (its <c>Some</c> is 24 B; <c>tryGetValue</c>
    /// allocates nothing).</summary>
    [<CompiledName("TryGet")>]
    let tryGet (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.tryGet handle table

    /// <summary>The resource if the handle is current and its resource alive, as a value option: allocates nothing.</summary>
    [<CompiledName("TryGetValue")>]
    let tryGetValue (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.tryGetValue handle table

    /// <summary>The lookup, for the active pattern <c>Alive | Collected | Dropped | Unknown</c> (32 B a match) or the
    /// struct patterns <c>AliveValue</c>, <c>CollectedValue</c>, <c>DroppedValue</c>, <c>UnknownValue</c> (nothing).</summary>
    [<CompiledName("Lookup")>]
    let lookup (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.lookup handle table

    /// <summary>Whether the handle is alive, collected, dropped or unknown.</summary>
    [<CompiledName("State")>]
    let state (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.state handle table

    /// <summary>The handle's current hold.</summary>
    [<CompiledName("HoldOf")>]
    let holdOf (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.holdOf handle table

    /// <summary>Ends the handle.</summary>
    [<CompiledName("Drop")>]
    let drop (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.drop handle table

    /// <summary>Ends the handle, awaiting its owned resource if that disposes asynchronously.</summary>
    [<CompiledName("DropAsync")>]
    let dropAsync (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.dropAsync handle table

    /// <summary>Ends the handle and returns its resource.</summary>
    [<CompiledName("Take")>]
    let take (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.take handle table

    /// <summary>Turns a strong hold weak.</summary>
    [<CompiledName("Loosen")>]
    let loosen (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.loosen handle table

    /// <summary>Turns a weak hold strong again, if the resource still lives.</summary>
    [<CompiledName("Tighten")>]
    let tighten (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.tighten handle table

    /// <summary>The compact 32-bit form of a current handle.</summary>
    [<CompiledName("ToCompact")>]
    let toCompact (table: Tether.HandleTable) (handle: Tether.Handle<'T>) = HandleTable.toCompact handle table
