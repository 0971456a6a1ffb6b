using System.Runtime.InteropServices;

namespace Tether;

/// <summary>
/// One lane's share of a slot table's bookkeeping (see SlotTable.Lanes.cs): its free list, its counts, its
/// quota of the capacity and the fresh slots left in its current page. Written only under the lane's lock.
/// </summary>
/// <remarks>
/// 296 bytes: the 40 used sit in the middle, with 128 unused bytes of the lane's own on each side. An array
/// is only 8-byte aligned, so that is what it takes for no two lanes' fields to be on one cache line, nor on
/// one pair of lines (x64 prefetches lines in pairs; some ARM64 cores have 128-byte lines), wherever the
/// array lies; and for lane 0's fields not to share a line with the array's length, which every add and drop
/// on every lane reads (the bounds check of <c>_lanes[k]</c>). So threads working on two lanes touch no line
/// that the other writes.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Pad + 40 + Pad)]
internal struct SlotLane
{
    private const int Pad = 128;

    /// <summary>The most recently freed slot of the lane, or -1; each free slot's TypeId links to the next.</summary>
    [FieldOffset(Pad)]
    public int FreeHead;

    [FieldOffset(Pad + 4)]
    public int FreeCount;

    [FieldOffset(Pad + 8)]
    public int Strong;

    [FieldOffset(Pad + 12)]
    public int Weak;

    /// <summary>Slots of the lane resting after a cycle of generations (issued again only when nothing else is left).</summary>
    [FieldOffset(Pad + 16)]
    public int Retired;

    /// <summary>How many live handles the lane may hold; the quotas of all lanes add up to the capacity.</summary>
    [FieldOffset(Pad + 20)]
    public int Quota;

    /// <summary>The next never-used slot of the lane's current page, and the end of that page.</summary>
    [FieldOffset(Pad + 24)]
    public int Next;

    [FieldOffset(Pad + 28)]
    public int End;

    /// <summary>The lane's retired slots, oldest first (each one's TypeId links to the next), or -1.</summary>
    [FieldOffset(Pad + 32)]
    public int RetiredHead;

    [FieldOffset(Pad + 36)]
    public int RetiredTail;

    public readonly int Live => Strong + Weak;

    /// <summary>Whether the lane has a slot to give without growing the table.</summary>
    public readonly bool HasSlot => FreeHead >= 0 || Next < End;

    public static SlotLane Empty(int quota) => new() { FreeHead = -1, RetiredHead = -1, RetiredTail = -1, Quota = quota };
}
