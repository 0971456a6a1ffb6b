using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// Gives each table a tag (1..255) that no other live table has, for as long as at most 255 tables are
/// alive at once. A tag comes back when its table is disposed or collected. Beyond 255 live tables, a new
/// table shares the tag with the fewest users. Either way the tag's <see cref="TagSpace"/> keeps their values
/// apart: tables alive at once lease different pages of it, and a later table goes on from the generations
/// its predecessors left (see the Core README's "Value lifetime").
/// </summary>
internal static class TagRegistry
{
    // Never an interruptible wait (Core README, "Interrupts and faults").
    private static readonly SpinGate Gate = new();

    // Users per tag; index 0 is never handed out, so no raw value is ever 0.
    private static readonly int[] Users = new int[HandleLayout.TagMask + 1];

    // Each tag's value space, made on the tag's first lease and kept for the life of the process.
    private static readonly TagSpace?[] Spaces = new TagSpace?[HandleLayout.TagMask + 1];
    private static int s_next;

    /// <summary>Takes a tag; the lease gives it back when disposed or finalized.</summary>
    /// <param name="ownSpace">A test hook: a fresh value space for the tag, not the tag's shared one.</param>
    public static TagLease Lease(bool ownSpace = false)
    {
        using (Gate.Enter())
        {
            // Round-robin from the last tag given, so a freed tag is the last to be reused.
            int best = 0;
            for (int step = 0; step < HandleLayout.TagMask; step++)
            {
                int tag = (s_next + step) % HandleLayout.TagMask + 1;
                if (Users[tag] == 0)
                {
                    best = tag;
                    break;
                }

                if (best == 0 || Users[tag] < Users[best])
                    best = tag;
            }

            // Made before the count moves, so a failed allocation leases nothing.
            // Stryker disable once Arithmetic : only narrows the random generation key by one of its 2^21 values; no test can tell
            var space = Spaces[best] ?? new TagSpace(best, Random.Shared.Next(0, HandleLayout.GenerationMask + 1));
            // Stryker disable once Arithmetic : only narrows the random generation key by one of its 2^21 values; no test can tell
            var lease = new TagLease(ownSpace ? new TagSpace(best, Random.Shared.Next(0, HandleLayout.GenerationMask + 1)) : space);
            Spaces[best] = space;
            Users[best]++;
            s_next = best % HandleLayout.TagMask;
            return lease;
        }
    }

    internal static void Release(int tag)
    {
        using (Gate.Enter())
            Users[tag] = Math.Max(0, Users[tag] - 1);
    }

    /// <summary>How many live tables use a tag (tests).</summary>
    internal static int UsersOf(int tag)
    {
        using (Gate.Enter())
            return Users[tag];
    }
}

/// <summary>One table's tag. Returned once: by the table's disposal, or by this object's finalizer.</summary>
internal sealed class TagLease(TagSpace space, bool registered = true)
{
    private int _released;

    // The pages of the tag's space the table leased, in lease order. Written under the slot table's growth
    // lock, read once the table is shut down (no page is leased after that) or dead.
    private int[] _pages = new int[4];
    private int _pageCount;

    // The table, by a weak handle that tracks resurrection: a table brought back by another finalizer keeps its tag.
    private WeakGCHandle<object> _owner;

    public int Tag => Space.Tag;

    /// <summary>The tag's value space.</summary>
    public TagSpace Space { get; } = space;

    /// <summary>How many pages the table leased.</summary>
    public int PageCount => Volatile.Read(ref _pageCount);

    /// <summary>The pages the table leased, in lease order (readers take <see cref="PageCount"/> first).</summary>
    public int[] Pages => Volatile.Read(ref _pages);

    /// <summary>
    /// Leases the lowest free page of the tag below <paramref name="pageLimit"/> for the table; -1 when none.
    /// Called under the slot table's growth lock.
    /// </summary>
    public int LeasePage(int pageLimit, out int[] generations, out int[] cycles)
    {
        // Room first: a failed allocation must not leave a leased page unrecorded.
        if (_pageCount == _pages.Length)
        {
            var grown = new int[_pages.Length * 2];
            Array.Copy(_pages, grown, _pageCount);
            Volatile.Write(ref _pages, grown);
        }

        int page = Space.Lease(pageLimit, out generations, out cycles);
        if (page >= 0)
        {
            _pages[_pageCount] = page;
            Volatile.Write(ref _pageCount, _pageCount + 1);
        }

        return page;
    }

    /// <summary>
    /// Gives back the page <see cref="LeasePage"/> just leased, which the table could not take after all (a
    /// directory that failed to grow). Called under the slot table's growth lock; allocates nothing.
    /// </summary>
    public void ReturnLast(int page)
    {
        if (_pageCount > 0 && _pages[_pageCount - 1] == page)
            Volatile.Write(ref _pageCount, _pageCount - 1);
        Space.Return(new ReadOnlySpan<int>(in page));
    }

    private void GiveBack()
    {
        Space.Return(_pages.AsSpan(0, _pageCount));
        if (registered)
            TagRegistry.Release(Tag);
    }

    /// <summary>Ties the lease to its table (once, right after the table is made).</summary>
    public void SetOwner(object owner) => _owner = new WeakGCHandle<object>(owner, trackResurrection: true);

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            GiveBack();
            // Stryker disable once Statement : the finalizer would find the lease released and its owner handle freed, and do nothing; only its cost is saved
            GC.SuppressFinalize(this);
            // Stryker disable once Boolean : frees the owner GC handle (disposing an unallocated one does nothing); a leaked GC handle is not observable from managed code
            if (_owner.IsAllocated)
                // Stryker disable once Statement : frees the owner GC handle; a leaked GC handle is not observable from managed code
                _owner.Dispose();
        }
    }

    ~TagLease()
    {
        if (_owner.IsAllocated)
        {
            if (_owner.TryGetTarget(out _))
            {
                GC.ReRegisterForFinalize(this);
                return;
            }

            // Stryker disable once Statement : frees the owner GC handle; a leaked GC handle is not observable from managed code
            _owner.Dispose();
        }

        if (Interlocked.Exchange(ref _released, 1) == 0)
            GiveBack();
    }
}
