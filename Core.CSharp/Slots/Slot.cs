using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tether;

/// <summary>One entry of a table: 24 bytes, whatever the hold.</summary>
/// <remarks>
/// A strong hold keeps the resource in <see cref="Strong"/>. A weak hold leaves <see cref="Strong"/> null
/// and keeps the resource in <see cref="Weak"/>, a GC handle the slot allocates the first time it holds
/// weakly and then reuses for every later generation, so a weak add costs a handle write, not an
/// allocation. The hold is never stored: it is strong exactly when <see cref="Strong"/> is set.
/// Every field is written only under the lock of the slot's home lane in the <see cref="SlotTable"/>; lookups
/// read them without it,
/// as a seqlock (see SlotTable.Reads.cs).
/// </remarks>
internal struct Slot
{
    /// <summary>The resource, when held strongly.</summary>
    public object? Strong;

    /// <summary>The slot's weak GC handle, allocated on first weak use and freed with the slot store.</summary>
    public WeakGCHandle<object> Weak;

    /// <summary>
    /// <see cref="Stamp"/> and <see cref="TypeId"/> as one 8-byte word, so a lookup reads and compares both
    /// with one load (see SlotTable.Reads.cs). It is 8-byte aligned: the slot is 24 bytes, in an array.
    /// </summary>
    public long Word;

    /// <summary>
    /// While live: the bits of the handle's raw value above the index (tag and keyed generation), always
    /// below 2^29. While free: the same with <see cref="SlotStore.FreeBit"/> (2^30) set, so no raw value in
    /// range matches it. 0 before first use: no raw value in range has a zero stamp part either.
    /// </summary>
    [UnscopedRef]
    public ref int Stamp => ref Unsafe.Add(ref Unsafe.As<long, int>(ref Word), BitConverter.IsLittleEndian ? 0 : 1);

    /// <summary>While live: the <see cref="TypeKey"/> of the issued type. While free: the next free slot, or -1.</summary>
    [UnscopedRef]
    public ref int TypeId => ref Unsafe.Add(ref Unsafe.As<long, int>(ref Word), BitConverter.IsLittleEndian ? 1 : 0);

    /// <summary>The <see cref="Word"/> of a slot with this stamp and type id.</summary>
    public static long WordOf(int stamp, int typeId) => ((long)typeId << 32) | (uint)stamp;
}
