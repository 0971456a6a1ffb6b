using System;
using System.Numerics;
using System.Threading;

namespace Tether;

/// <summary>
/// The value space of one tag, for the life of the process: the slots of every table that ever held the tag,
/// their last generations, and which pages of them live tables hold now.
/// </summary>
/// <remarks>
/// <para>A raw value is <c>[tag][generation][slot]</c>. Two tables that use the same tag, one after the other
/// (a tag comes back when its table goes) or at the same time (beyond 255 tables alive), therefore draw from one
/// value space, and a value one of them issued must never be issued by the other while a guest may still hold
/// it. So slots belong to the tag, not to the table: a table leases whole pages of the tag's slots (tables alive
/// at once never hold the same page, so they never issue the same value), and each slot's last generation
/// stays here when its table goes, so the next table to lease the page goes on from there instead of starting
/// again at 1. The Core README's "Value lifetime" section states the bound this gives.</para>
/// <para>Memory: 8 bytes per slot any table of the tag ever used (its generation and its cycle), kept for the
/// process's life (a million slots: 8 MB), and reused by the tag's later tables.</para>
/// </remarks>
internal sealed class TagSpace
{
    private const int Pages = HandleLayout.MaxSlotsRaw / SlotStore.PageSize;

    // Guards the bitmap and the directory of generation pages. Held only for a page lease or return.
    private readonly SpinGate _gate = new();

    // One bit per page: set while a live table holds it.
    private readonly ulong[] _leased = new ulong[Pages / 64];

    // Per page: the last generation issued on each of its slots (0: never used), and how far the slot is into
    // its cycle: how many values it issued in it, or, once it retired, minus its retirement's sequence number.
    // Written by the one table that holds the page at a time, under the lock of the slot's lane; read by the next
    // holder after the page came back through _gate, which orders the two. A later table thus finishes the cycle
    // an earlier one left part-way, and a slot that retired stays retired.
    private readonly int[]?[] _generations = new int[]?[Pages];
    private readonly int[]?[] _cycles = new int[]?[Pages];

    // Retirements in this space so far: orders retired slots, oldest first (see SlotTable.End).
    private int _retirements;

    private int _leasedCount;

    public TagSpace(int tag, int key)
    {
        Tag = tag;
        Key = key;
    }

    /// <summary>The tag, 1..255.</summary>
    public int Tag { get; }

    /// <summary>The generation key, fixed for the tag for the life of the process (see HandleLayout).</summary>
    public int Key { get; }

    /// <summary>The next retirement's sequence number: never 0, ordered across a wrap by subtraction.</summary>
    public int NextRetirement()
    {
        int sequence = Interlocked.Increment(ref _retirements);
        return sequence != 0 ? sequence : Interlocked.Increment(ref _retirements);
    }

    /// <summary>How many pages live tables hold now.</summary>
    public int LeasedPages => Volatile.Read(ref _leasedCount);

    /// <summary>
    /// Leases the lowest free page below <paramref name="pageLimit"/>, with the last generations of its slots and
    /// their cycles; -1 when every such page is held by a live table. The lowest, so that a table's page directory
    /// stays short.
    /// </summary>
    public int Lease(int pageLimit, out int[] generations, out int[] cycles)
    {
        // Allocated before the lock is taken, so an allocation that fails leases nothing.
        var fresh = new int[SlotStore.PageSize];
        var freshCycles = new int[SlotStore.PageSize];
        _gate.Take();
        try
        {
            for (int word = 0; word * 64 < pageLimit; word++)
            {
                ulong free = ~_leased[word];
                if (free == 0)
                    continue;
                int page = word * 64 + BitOperations.TrailingZeroCount(free);
                if (page >= pageLimit)
                    break;
                _leased[word] |= 1UL << (page & 63);
                _leasedCount++;
                generations = _generations[page] ??= fresh;
                cycles = _cycles[page] ??= freshCycles;
                return page;
            }
        }
        finally
        {
            _gate.Release();
        }

        generations = [];
        cycles = [];
        return -1;
    }

    /// <summary>Gives pages back: their slots' generations stay, for whoever leases them next.</summary>
    public void Return(ReadOnlySpan<int> pages)
    {
        _gate.Take();
        try
        {
            foreach (int page in pages)
            {
                ulong bit = 1UL << (page & 63);
                if ((_leased[page >> 6] & bit) == 0)
                    continue;
                _leased[page >> 6] &= ~bit;
                _leasedCount--;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many pages below <paramref name="pageLimit"/> no live table holds.</summary>
    public int FreePages(int pageLimit)
    {
        _gate.Take();
        try
        {
            int free = 0;
            for (int word = 0; word * 64 < pageLimit; word++)
                free += BitOperations.PopCount(~_leased[word] & (pageLimit - word * 64 >= 64 ? ulong.MaxValue : (1UL << (pageLimit - word * 64)) - 1));
            return free;
        }
        finally
        {
            _gate.Release();
        }
    }
}
