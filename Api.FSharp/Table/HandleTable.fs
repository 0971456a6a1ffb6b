namespace Tether.FSharp

open System.Threading.Tasks

/// Pipeline-friendly functions over a <c>Tether.HandleTable</c>, with the table last:
/// <c>table |> HandleTable.get handle</c>.
[<RequireQualifiedAccess>]
module HandleTable =
    /// A new table with the default options: capacity 1,048,576, 53-bit raw handles.
    [<CompiledName("Create")>]
    let create () : Tether.HandleTable = Tether.HandleTable.Create()

    /// A new table with the given options, or why they are out of range. A Result is not a table to
    /// <c>use</c>: bind it with <c>use! table = HandleTable.createWith options</c> in <c>handleResult { }</c>,
    /// and the table is disposed when the block ends.
    [<CompiledName("CreateWith")>]
    let createWith (options: Tether.HandleTableOptions) : Result<Tether.HandleTable, HandleError> =
        HandleError.ofFin (Tether.HandleTable.TryCreate options)

    /// Adds a resource with the given hold and returns its handle.
    [<CompiledName("Hold")>]
    let hold (hold: Tether.Hold) (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Add(resource, hold)))

    /// Adds a resource held strongly.
    [<CompiledName("Add")>]
    let add (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        hold Tether.Hold.Strong resource table

    /// Adds a resource held weakly.
    [<CompiledName("AddWeak")>]
    let addWeak (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        hold Tether.Hold.Weak resource table

    /// Adds a resource, strongly, as a handle that drops itself when disposed (for <c>use!</c>).
    [<CompiledName("Scoped")>]
    let scoped (resource: 'T) (table: Tether.HandleTable) : Result<Scoped<'T>, HandleError> =
        add resource table |> Result.map (fun h -> new Scoped<'T>(table, h))

    /// The resource, or the exact error.
    [<CompiledName("Get")>]
    let get (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<'T, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Get handle))

    /// The resource if the handle is current and its resource alive.
    [<CompiledName("TryGet")>]
    let tryGet (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : 'T option =
        table
        |> Guard.orElse None (fun table ->
            let mutable resource = Unchecked.defaultof<'T>
            if table.TryGet(handle, &resource) then Some resource else None)

    /// The resource if the handle is current and its resource alive, as a value option: allocates nothing.
    [<CompiledName("TryGetValue")>]
    let tryGetValue (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : 'T voption =
        table
        |> Guard.orElse ValueNone (fun table ->
            let mutable resource = Unchecked.defaultof<'T>
            if table.TryGet(handle, &resource) then ValueSome resource else ValueNone)

    /// The resource of a raw value, validated completely (for boundaries that hold only integers).
    [<CompiledName("GetRaw")>]
    let getRaw<'T when 'T: not struct> (raw: int64) (table: Tether.HandleTable) : Result<'T, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Get<'T> raw))

    /// Adds a resource the table owns: held strongly, disposed when its handle ends (or the table does).
    [<CompiledName("AddOwned")>]
    let addOwned (resource: 'T) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Add(resource, Tether.Hold.Strong, Tether.Ownership.Owned)))

    /// Ends the handle with this raw value, whatever its type.
    [<CompiledName("DropRaw")>]
    let dropRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Drop raw) |> Result.map ignore)

    /// Loosens the handle with this raw value, whatever its type.
    [<CompiledName("LoosenRaw")>]
    let loosenRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Loosen raw) |> Result.map ignore)

    /// Tightens the handle with this raw value, whatever its type.
    [<CompiledName("TightenRaw")>]
    let tightenRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Tighten raw) |> Result.map ignore)

    /// Ok when the handle with this raw value is current and alive, whatever its type; else the exact error.
    [<CompiledName("CheckRaw")>]
    let checkRaw (raw: int64) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Check raw) |> Result.map ignore)

    /// The compact 32-bit form of the handle with this raw value, whatever its type.
    [<CompiledName("ToCompactRaw")>]
    let toCompactRaw (raw: int64) (table: Tether.HandleTable) : Result<int, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ToCompact raw))

    /// The raw value of a compact value, validated completely, whatever its type.
    [<CompiledName("ExpandCompact")>]
    let expandCompact (compact: int) (table: Tether.HandleTable) : Result<int64, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ExpandCompact compact))

    /// Disposes the table, and says what disposing owned resources threw.
    [<CompiledName("Close")>]
    let close (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Close()) |> Result.map ignore)

    /// Disposes the table, awaiting owned resources that dispose asynchronously, and says what they threw
    /// (<c>DisposeFailed</c>).
    [<CompiledName("CloseAsync")>]
    let closeAsync (table: Tether.HandleTable) : Task<Result<unit, HandleError>> =
        table
        |> Guard.tableTask (fun table ->
            task {
                let! closed = table.CloseAsync()
                return HandleError.ofFin closed |> Result.map ignore
            })

    /// The strong handles still alive, by type and (when tracked) age.
    [<CompiledName("LeakReport")>]
    let leakReport (table: Tether.HandleTable) : Tether.LeakReport =
        table |> Guard.orElse (Tether.LeakReport [||]) (fun table -> table.LeakReport())

    /// The lookup, for the active pattern <c>Alive | Collected | Dropped | Unknown</c>.
    [<CompiledName("Lookup")>]
    let lookup (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Lookup<'T> = Lookup<'T>(get handle table)

    /// Whether the handle is alive, collected, dropped or unknown, without fetching the resource.
    [<CompiledName("State")>]
    let state (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Tether.HandleState =
        table |> Guard.orElse Tether.HandleState.Unknown (fun table -> table.State handle)

    /// What the table knows of a raw value.
    [<CompiledName("StateOfRaw")>]
    let stateOfRaw (raw: int64) (table: Tether.HandleTable) : Tether.HandleState =
        table |> Guard.orElse Tether.HandleState.Unknown (fun table -> table.State raw)

    /// The handle's current hold.
    [<CompiledName("HoldOf")>]
    let holdOf (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<Tether.Hold, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.HoldOf handle))

    /// Ends the handle.
    [<CompiledName("Drop")>]
    let drop (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Drop handle) |> Result.map ignore)

    /// Ends the handle, awaiting its owned resource if that disposes asynchronously, and says what its
    /// disposal threw (<c>DisposeFailed</c>).
    [<CompiledName("DropAsync")>]
    let dropAsync (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Task<Result<unit, HandleError>> =
        table
        |> Guard.tableTask (fun table ->
            task {
                let! dropped = table.DropAsync handle
                return HandleError.ofFin dropped |> Result.map ignore
            })

    /// Ends the handle and returns its resource.
    [<CompiledName("Take")>]
    let take (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<'T, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Take handle))

    /// Turns a strong hold weak.
    [<CompiledName("Loosen")>]
    let loosen (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Loosen handle) |> Result.map ignore)

    /// Turns a weak hold strong again, if the resource still lives.
    [<CompiledName("Tighten")>]
    let tighten (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<unit, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Tighten handle) |> Result.map ignore)

    /// Turns a raw value into a typed handle, validating it completely.
    [<CompiledName("Resolve")>]
    let resolve<'T when 'T: not struct> (raw: int64) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.Resolve<'T> raw))

    /// Turns a compact 32-bit value into a typed handle, validating it completely.
    [<CompiledName("ResolveCompact")>]
    let resolveCompact<'T when 'T: not struct> (compact: int) (table: Tether.HandleTable) : Result<Tether.Handle<'T>, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ResolveCompact<'T> compact))

    /// The compact 32-bit form of a current handle.
    [<CompiledName("ToCompact")>]
    let toCompact (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<int, HandleError> =
        table |> Guard.table (fun table -> HandleError.ofFin (table.ToCompact handle))

    /// How many handles are strong, weak, collected and free.
    [<CompiledName("Counts")>]
    let counts (table: Tether.HandleTable) : Tether.TableCounts =
        table |> Guard.orElse (Tether.TableCounts()) (fun table -> table.Counts)

    /// Gets the resource and applies a function to it.
    [<CompiledName("Map")>]
    let inline map ([<InlineIfLambda>] mapping: 'T -> 'U) (handle: Tether.Handle<'T>) (table: Tether.HandleTable) : Result<'U, HandleError> =
        match get handle table with
        | Ok resource -> Ok(mapping resource)
        | Error e -> Error e
