using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// The slots of one table, in fixed-size pages that never move once allocated, so a lookup can read a slot
/// while another thread grows the table. Its <see cref="WeakHandleBag"/> frees the slots' weak GC handles.
/// </summary>
/// <remarks>
/// Lookups read weak GC handles without a lock, so a handle may only be freed once no thread can still be
/// reading it: when the table is disposed, once no thread's weak-read mark names the table (see
/// <see cref="WeakReaders"/>); otherwise once this store is unreachable. Every reader keeps the store alive
/// (<see cref="GC.KeepAlive"/>) until it has finished with the slot, and the store keeps its bag alive.
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

    /// <summary>Puts a page made by the caller at <paramref name="page"/>. Callers hold the slot table's growth lock.</summary>
    public void SetPage(int page, Slot[] slots)
    {
        var pages = _pages;
        if (page >= pages.Length)
        {
            // Copying the directory is safe: pages never move, so a reader holding the old directory
            // still finds every slot that existed when it started.
            var grown = new Slot[]?[Math.Max(4, Math.Max(page + 1, pages.Length * 2))];
            Array.Copy(pages, grown, pages.Length);
            pages = grown;
        }

        // The page's own writes (its stamps) come before it is published: the release write orders them.
        Volatile.Write(ref pages[page], slots);
        Volatile.Write(ref _pages, pages);
    }

    /// <summary>Frees the weak GC handles once this store (and so every reader) is gone.</summary>
    public WeakHandleBag Handles { get; } = new();
}

/// <summary>
/// The weak GC handles of one slot store, as bare values, freed by this object's finalizer. It is apart from
/// the store on purpose: the store's pages reach every strong resource, and a resource may reach the table,
/// so a finalizable store would keep an abandoned table marked (and so "resurrected") on every collection.
/// This bag reaches nothing but handle values, so it tells a dead table from one that another finalizer
/// really brought back, and only then waits.
/// </summary>
internal sealed class WeakHandleBag
{
    private readonly System.Collections.Generic.List<IntPtr> _handles = [];

    // The table, by a weak handle that tracks resurrection.
    private WeakGCHandle<object> _owner;

    /// <summary>Ties the bag to its table (once, right after the table is made).</summary>
    public void SetOwner(object owner) => _owner = new WeakGCHandle<object>(owner, trackResurrection: true);

    /// <summary>Records a slot's new weak handle. Called under the slot table's growth lock (the lanes share this list).</summary>
    public void Add(WeakGCHandle<object> handle)
    {
        _handles.Add(WeakGCHandle<object>.ToIntPtr(handle));
        Interlocked.Increment(ref SlotStore.LiveWeakHandles);
    }

    /// <summary>How many handles the bag holds (read by the disposer, after every lane was held: no add is in flight).</summary>
    public int Count => _handles.Count;

    /// <summary>
    /// Frees every handle now, the owner's too: the table was disposed and no reader can reach a handle any more
    /// (see <see cref="SlotTable.FreeWeakHandles"/>). The bag is then empty and its finalizer suppressed.
    /// </summary>
    public void FreeNow()
    {
        FreeAll();
        if (_owner.IsAllocated)
            _owner.Dispose();
        _owner = default;
        GC.SuppressFinalize(this);
    }

    ~WeakHandleBag()
    {
        if (_owner.IsAllocated)
        {
            // Still reachable from an object being finalized, which may keep it: look again next time.
            if (_owner.TryGetTarget(out _))
            {
                GC.ReRegisterForFinalize(this);
                return;
            }

            _owner.Dispose();
        }

        FreeAll();
    }

    private void FreeAll()
    {
        foreach (var handle in _handles)
        {
            // Stryker disable once Statement : frees the GC handle itself; managed code sees only LiveWeakHandles, which the next line counts down either way
            WeakGCHandle<object>.FromIntPtr(handle).Dispose();
            Interlocked.Decrement(ref SlotStore.LiveWeakHandles);
        }

        _handles.Clear();
    }
}
