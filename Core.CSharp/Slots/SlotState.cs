namespace Tether;

/// <summary>What a <see cref="SlotTable"/> knows of a raw value, read without a lock.</summary>
internal enum SlotState : byte
{
    /// <summary>Never issued by this table: out of range, forged, a future generation, a slot never used.</summary>
    Unknown,

    /// <summary>In range, with another table's tag.</summary>
    WrongTable,

    /// <summary>Issued, and ended since (dropped, taken, scope closed, table disposed, or reclaimed and reused).</summary>
    Dropped,

    /// <summary>Collected, and the table ended the handle itself (<see cref="SlotPolicy.Reclaim"/>), slot not yet reused.</summary>
    Reclaimed,

    /// <summary>Current, weakly held, and the GC has collected the resource: a tombstone until dropped.</summary>
    Collected,

    /// <summary>Current, and the resource is alive.</summary>
    Alive,
}

/// <summary>A <see cref="SlotState"/>, with the issued type when the handle is current (else 0).</summary>
internal readonly record struct SlotView(SlotState State, int TypeId)
{
    /// <summary>Current: alive, or a collected tombstone its owner may still drop.</summary>
    public bool IsCurrent => State is SlotState.Alive or SlotState.Collected;

    /// <summary>Current and of the given type (any type for <see cref="SlotTable.AnyType"/>).</summary>
    public bool IsCurrentAs(int typeId) => IsCurrent && (typeId == SlotTable.AnyType || TypeId == typeId);
}
