using System.Runtime.InteropServices;

namespace Tether;

/// <summary>One entry of a table: 24 bytes, whatever the hold.</summary>
/// <remarks>
/// A strong hold keeps the resource in <see cref="Strong"/>. A weak hold leaves <see cref="Strong"/> null
/// and keeps the resource in <see cref="Weak"/>, a GC handle the slot allocates the first time it holds
/// weakly and then reuses for every later generation, so a weak add costs a handle write, not an
/// allocation. The hold is never stored: it is strong exactly when <see cref="Strong"/> is set.
/// Every field is written only under the <see cref="SlotTable"/>'s lock; lookups read them without it,
/// as a seqlock (see SlotTable.Reads.cs).
/// </remarks>
internal struct Slot
{
    /// <summary>The resource, when held strongly.</summary>
    public object? Strong;

    /// <summary>The slot's weak GC handle, allocated on first weak use and freed with the slot store.</summary>
    public WeakGCHandle<object> Weak;

    /// <summary>
    /// While live: the bits of the handle's raw value above the index (tag and keyed generation), always
    /// below 2^29. While free: the same with <see cref="SlotStore.FreeBit"/> (2^30) set, so no raw value in
    /// range matches it. 0 before first use: no raw value in range has a zero stamp part either.
    /// </summary>
    public int Stamp;

    /// <summary>While live: the <see cref="TypeKey"/> of the issued type. While free: the next free slot, or -1.</summary>
    public int TypeId;
}
