using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// Gives each table a tag (1..255) that no other live table has, for as long as at most 255 tables are
/// alive at once. A tag comes back when its table is disposed or collected. Beyond 255 live tables, a new
/// table shares the tag with the fewest users; two such tables are told apart only by their generation
/// keys (see the Core README).
/// </summary>
internal static class TagRegistry
{
    private static readonly Lock Gate = new();

    // Users per tag; index 0 is never handed out, so no raw value is ever 0.
    private static readonly int[] Users = new int[HandleLayout.TagMask + 1];
    private static int s_next;

    /// <summary>Takes a tag; the lease gives it back when disposed or finalized.</summary>
    public static TagLease Lease()
    {
        lock (Gate)
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

            Users[best]++;
            s_next = best % HandleLayout.TagMask;
            return new TagLease(best);
        }
    }

    internal static void Release(int tag)
    {
        lock (Gate)
            Users[tag] = Math.Max(0, Users[tag] - 1);
    }

    /// <summary>How many live tables use a tag (tests).</summary>
    internal static int UsersOf(int tag)
    {
        lock (Gate)
            return Users[tag];
    }
}

/// <summary>One table's tag. Returned once: by the table's disposal, or by this object's finalizer.</summary>
internal sealed class TagLease(int tag)
{
    private int _released;

    // The table, by a weak handle that tracks resurrection: a table brought back by another finalizer keeps its tag.
    private WeakGCHandle<object> _owner;

    public int Tag { get; } = tag;

    /// <summary>Ties the lease to its table (once, right after the table is made).</summary>
    public void SetOwner(object owner) => _owner = new WeakGCHandle<object>(owner, trackResurrection: true);

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            TagRegistry.Release(Tag);
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
            TagRegistry.Release(Tag);
    }
}
