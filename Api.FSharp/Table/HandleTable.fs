namespace Tether.FSharp

open System.Threading.Tasks

/// <summary>Pipeline-friendly functions over a <c>Tether.HandleTable</c>, with the table last:
/// <c>table |> HandleTable.get handle</c>.</summary>
[<RequireQualifiedAccess>]
module HandleTable =
    /// <summary>A new table with the default options: capacity 1,048,576, 53-bit raw handles.</summary>
    [<CompiledName("Create")>]
    let create () : Tether.HandleTable = Tether.HandleTable.Create()

    /// <summary>A new table with the given options, or why they are out of range. A Result is not a table to
    /// <c>use</c>: bind it with <c>use! table = HandleTable.createWith options</c> in <c>handleResult { }</c>,
    /// and the table is disposed when the block ends.</summary>
    [<CompiledName("CreateWith")>]
    let createWith (options: Tether.HandleTableOptions) : Result<Tether.HandleTable, HandleError> =
        HandleError.ofFin (Tether.HandleTable.TryCreate options)

    /// <summary>Adds a resource with the given hold and returns its handle.</summary>
    [<CompiledName("Hold")>]
    let hold (hold: Tether.Hold) (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Add(resource, hold)))

    /// <summary>Adds a resource held strongly.</summary>
    [<CompiledName("Add")>]
    let add (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        hold Tether.Hold.Strong resource table

    /// <summary>Adds a resource held weakly.</summary>
    [<CompiledName("AddWeak")>]
    let addWeak (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        hold Tether.Hold.Weak resource table

    /// <summary>Adds a resource, strongly, as a handle that drops itself when disposed (for <c>use!</c>).</summary>
    [<CompiledName("Scoped")>]
    let scoped (resource: 'T) (table: Tether.HandleTable) : Result<Scoped<'T>, HandleError> =
        add resource table |> Result.map (fun h -> new Scoped<'T>(table, h))

    /// <summary>The resource (allocating nothing), or the exact error.</summary>
    [<CompiledName("Get")>]
    let get (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<'T, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Get handle))

    /// <summary>The resource if the handle is current and its resource alive. Its <c>Some</c> is an allocation
    /// (24 B); <c>tryGetValue</c> allocates nothing.</summary>
    [<CompiledName("TryGet")>]
    let tryGet (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : 'T option =
        table
        |> Guard.orElse None (fun table ->
            let mutable resource = Unchecked.defaultof<'T>
            if table.TryGet(handle, &resource) then Some resource else None)

    /// <summary>The resource if the handle is current and its resource alive, as a value option: allocates nothing.</summary>
    [<CompiledName("TryGetValue")>]
    let tryGetValue (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : 'T voption =
        table
        |> Guard.orElse ValueNone (fun table ->
            let mutable resource = Unchecked.defaultof<'T>
            if table.TryGet(handle, &resource) then ValueSome resource else ValueNone)

    /// <summary>The resource of a raw value, validated completely (for boundaries that hold only integers).</summary>
    [<CompiledName("GetRaw")>]
    let getRaw<'T when 'T: not struct> (raw: int64) (table: Tether.HandleTable) : Result<'T, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Get<'T> raw))

    /// <summary>Adds a resource the table owns: held strongly, disposed when its handle ends (or the table does).</summary>
    [<CompiledName("AddOwned")>]
    let addOwned (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Add(resource, Tether.Hold.Strong, Tether.Ownership.Owned)))

    /// <summary>Ends the handle with this raw value, whatever its type.</summary>
    [<CompiledName("DropRaw")>]
    let dropRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Drop raw) |> Result.map ignore)

    /// <summary>Loosens the handle with this raw value, whatever its type.</summary>
    [<CompiledName("LoosenRaw")>]
    let loosenRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Loosen raw) |> Result.map ignore)

    /// <summary>Tightens the handle with this raw value, whatever its type.</summary>
    [<CompiledName("TightenRaw")>]
    let tightenRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Tighten raw) |> Result.map ignore)

    /// <summary>Ok when the handle with this raw value is current and alive, whatever its type; else the exact error.</summary>
    [<CompiledName("CheckRaw")>]
    let checkRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Check raw) |> Result.map ignore)

    /// <summary>The compact 32-bit form of the handle with this raw value, whatever its type.</summary>
    [<CompiledName("ToCompactRaw")>]
    let toCompactRaw (raw: int64) (table: Tether.HandleTable) : Result<int, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ToCompact raw))

    /// <summary>The raw value of a compact value, validated completely, whatever its type.</summary>
    [<CompiledName("ExpandCompact")>]
    let expandCompact (compact: int) (table: Tether.HandleTable) : Result<int64, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ExpandCompact compact))

    /// <summary>Disposes the table, and says what disposing owned resources threw.</summary>
    [<CompiledName("Close")>]
    let close (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Close()) |> Result.map ignore)

    /// <summary>Disposes the table, awaiting owned resources that dispose asynchronously, and says what they threw
    /// (<c>DisposeFailed</c>).</summary>
    [<CompiledName("CloseAsync")>]
    let closeAsync (table: Tether.HandleTable) : Task<Result<unit, HandleError>> =
        table
        |> Guard.tableTask (fun table ->
            task {
                let! closed = table.CloseAsync()
                return HandleError.ofFin closed |> Result.map ignore
            })

    /// <summary>The strong handles still alive, by type and (when tracked) age.</summary>
    [<CompiledName("LeakReport")>]
    let leakReport (table: Tether.HandleTable) : Tether.LeakReport =
        table |> Guard.orElse (Tether.LeakReport [||]) (fun table -> table.LeakReport())

    /// <summary>The lookup, for the active pattern <c>Alive | Collected | Dropped | Unknown</c> (a match allocates its
    /// <c>Choice</c>, 32 B) or the struct patterns <c>AliveValue</c>, <c>CollectedValue</c>, <c>DroppedValue</c> and
    /// <c>UnknownValue</c> (nothing). A live lookup allocates nothing itself; a failed one allocates its error.</summary>
    [<CompiledName("Lookup")>]
    let lookup (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Lookup<'T> = Lookup<'T>(get handle table)

    /// <summary>Whether the handle is alive, collected, dropped or unknown, without fetching the resource.</summary>
    [<CompiledName("State")>]
    let state (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Tether.HandleState =
        table |> Guard.orElse Tether.HandleState.Unknown (fun table -> table.State handle)

    /// <summary>What the table knows of a raw value.</summary>
    [<CompiledName("StateOfRaw")>]
    let stateOfRaw (raw: int64) (table: Tether.HandleTable) : Tether.HandleState =
        table |> Guard.orElse Tether.HandleState.Unknown (fun table -> table.State raw)

    /// <summary>The handle's current hold.</summary>
    [<CompiledName("HoldOf")>]
    let holdOf (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<Tether.Hold, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.HoldOf handle))

    /// <summary>Ends the handle.</summary>
    [<CompiledName("Drop")>]
    let drop (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Drop handle) |> Result.map ignore)

    /// <summary>Ends the handle, awaiting its owned resource if that disposes asynchronously, and says what its
    /// disposal threw (<c>DisposeFailed</c>).</summary>
    [<CompiledName("DropAsync")>]
    let dropAsync (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Task<Result<unit, HandleError>> =
        table
        |> Guard.tableTask (fun table ->
            task {
                let! dropped = table.DropAsync handle
                return HandleError.ofFin dropped |> Result.map ignore
            })

    /// <summary>Ends the handle and returns its resource.</summary>
    [<CompiledName("Take")>]
    let take (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<'T, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Take handle))

    /// <summary>Turns a strong hold weak.</summary>
    [<CompiledName("Loosen")>]
    let loosen (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Loosen handle) |> Result.map ignore)

    /// <summary>Turns a weak hold strong again, if the resource still lives.</summary>
    [<CompiledName("Tighten")>]
    let tighten (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Tighten handle) |> Result.map ignore)

    /// <summary>Turns a raw value into a typed handle, validating it completely.</summary>
    [<CompiledName("Resolve")>]
    let resolve<'T when 'T: not struct> (raw: int64) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Resolve<'T> raw))

    /// <summary>Turns a compact 32-bit value into a typed handle, validating it completely.</summary>
    [<CompiledName("ResolveCompact")>]
    let resolveCompact<'T when 'T: not struct> (compact: int) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ResolveCompact<'T> compact))

    /// <summary>The compact 32-bit form of a current handle.</summary>
    [<CompiledName("ToCompact")>]
    let toCompact (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<int, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ToCompact handle))

    /// <summary>How many handles are strong, weak, collected and free.</summary>
    [<CompiledName("Counts")>]
    let counts (table: Tether.HandleTable) : Tether.TableCounts =
        table |> Guard.orElse (Tether.TableCounts()) (fun table -> table.Counts)

    /// <summary>Gets the resource and applies a function to it.</summary>
    [<CompiledName("Map")>]
    let inline map ([<InlineIfLambda>] mapping: 'T -> 'U) (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<'U, HandleError> =
        match get handle table with
        | Ok resource -> Ok(mapping resource)
        | Error e -> Error e
