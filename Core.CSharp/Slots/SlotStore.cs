using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// The slots of one table, in fixed-size pages that never move once allocated, so a lookup can read a slot
/// while another thread grows the table. It owns the slots' weak GC handles.
/// </summary>
/// <remarks>
/// Lookups read weak GC handles without a lock, so a handle may only be freed once no thread can still be
/// reading it. That moment is this object's finalization: every reader keeps the store alive
/// (<see cref="GC.KeepAlive"/>) until it has finished with the slot.
/// </remarks>
internal sealed class SlotStore
{
    public const int PageBits = 8;
    public const int PageSize = 1 << PageBits;
    public const int PageMask = PageSize - 1;

    /// <summary>Set in <see cref="Slot.Stamp"/> while a slot is free; raw values never have it (it would be bit 54).</summary>
    public const int FreeBit = 1 << 30;

    /// <summary>Set with <see cref="FreeBit"/> when the table reclaimed the slot after a collection.</summary>
    public const int CollectedBit = 1 << 29;

    private Slot[]?[] _pages = [];

    /// <summary>Weak GC handles the slot stores of the process hold now (tests: they all go with their tables).</summary>
    internal static long LiveWeakHandles;

    /// <summary>The pages; readers take this once per lookup.</summary>
    public Slot[]?[] Pages => Volatile.Read(ref _pages);

    /// <summary>Finds a slot, or returns a null reference when its page does not exist.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref Slot Find(Slot[]?[] pages, int index)
    {
        uint page = (uint)index >> PageBits;
        if (page < (uint)pages.Length && pages[page] is { } slots)
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), index & PageMask);
        return ref Unsafe.NullRef<Slot>();
    }

    /// <summary>Makes sure the page of <paramref name="index"/> exists. Callers hold the table's lock.</summary>
    public void EnsurePage(int index)
    {
        int page = index >> PageBits;
        var pages = _pages;
        if (page < pages.Length && pages[page] is not null)
            return;

        if (page >= pages.Length)
        {
            // Copying the directory is safe: pages never move, so a reader holding the old directory
            // still finds every slot that existed when it started.
            var grown = new Slot[]?[Math.Max(4, Math.Max(page + 1, pages.Length * 2))];
            Array.Copy(pages, grown, pages.Length);
            pages = grown;
        }

        pages[page] = new Slot[PageSize];
        Volatile.Write(ref _pages, pages);
    }

    /// <summary>
    /// The table this store belongs to, by a weak handle that tracks resurrection. If the table is still
    /// reachable when this finalizer runs (another finalizer may bring it back), the store waits for the
    /// next collection instead of freeing handles a living table still reads.
    /// </summary>
    private WeakGCHandle<object> _owner;

    /// <summary>Ties the store to its table (once, right after the table is made).</summary>
    public void SetOwner(object owner) => _owner = new WeakGCHandle<object>(owner, trackResurrection: true);

    ~SlotStore()
    {
        if (_owner.IsAllocated)
        {
            if (_owner.TryGetTarget(out _))
            {
                GC.ReRegisterForFinalize(this);
                return;
            }

            _owner.Dispose();
        }

        foreach (var page in _pages)
        {
            if (page is null)
                continue;
            for (int i = 0; i < page.Length; i++)
            {
                if (page[i].Weak.IsAllocated)
                {
                    page[i].Weak.Dispose();
                    Interlocked.Decrement(ref LiveWeakHandles);
                }
            }
        }
    }
}
