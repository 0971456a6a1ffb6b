using System.Runtime.InteropServices;

namespace Tether;

/// <summary>
/// One lane's share of a slot table's bookkeeping (see SlotTable.Lanes.cs): its free list, its counts, its
/// quota of the capacity and the fresh slots left in its current page. Written only under the lane's lock.
/// </summary>
/// <remarks>
/// 128 bytes, of which 32 are used: in the table's array of lanes, two lanes' fields are never on one cache
/// line, nor on one pair of lines (x64 prefetches lines in pairs; some ARM64 cores have 128-byte lines), so
/// threads working on two lanes write no line in common.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct SlotLane
{
    /// <summary>The most recently freed slot of the lane, or -1; each free slot's TypeId links to the next.</summary>
    [FieldOffset(0)]
    public int FreeHead;

    [FieldOffset(4)]
    public int FreeCount;

    [FieldOffset(8)]
    public int Strong;

    [FieldOffset(12)]
    public int Weak;

    /// <summary>Slots of the lane that reached the last generation and are never reissued.</summary>
    [FieldOffset(16)]
    public int Retired;

    /// <summary>How many live handles the lane may hold; the quotas of all lanes add up to the capacity.</summary>
    [FieldOffset(20)]
    public int Quota;

    /// <summary>The next never-used slot of the lane's current page, and the end of that page.</summary>
    [FieldOffset(24)]
    public int Next;

    [FieldOffset(28)]
    public int End;

    public readonly int Live => Strong + Weak;

    /// <summary>Whether the lane has a slot to give without growing the table.</summary>
    public readonly bool HasSlot => FreeHead >= 0 || Next < End;

    public static SlotLane Empty(int quota) => new() { FreeHead = -1, Quota = quota };
}
