using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LanguageExt;

namespace Tether;

// The table's own lifetime: counts, disposal.
public sealed partial class HandleTable
{
    /// <summary>
    /// How many handles are strong, weak, collected and free. A snapshot: exact when no other thread is
    /// changing the table. The counters are copied with every lane of the slot table held; counting collected handles scans
    /// the weak slots after it, so a large table never stalls other threads for the scan.
    /// <see cref="TableCounts.Free"/> is what adds can really get: the capacity less the live handles, unless other
    /// live tables of the tag hold the pages this one would need. <see cref="TableCounts.Retired"/> counts resting
    /// slots, which come back when nothing else is left (see the Core README's "Value lifetime").
    /// </summary>
    public TableCounts Counts => _slots.Counts();

    /// <summary>
    /// Ends every handle, closes every scope, disposes what the handles owned and releases every resource
    /// the table holds. Afterwards every member answers <see cref="HandleError.Disposed"/>. Idempotent, safe
    /// to race with any other member, and never throws: use <see cref="Close"/> to see disposal errors.
    /// Only the first call disposes the owned resources (and returns when they are disposed); a call that
    /// races it, or one made from inside an owned resource's <c>Dispose</c>, returns at once without
    /// waiting for them, so no callback can ever deadlock disposal.
    /// </summary>
    public void Dispose() => OwnedDisposal.DisposeAllQuietly(Shutdown(), _onDisposeFailed);

    /// <summary>As <see cref="Dispose"/>, and says what disposing owned resources threw (one <see cref="HandleError.DisposeFailed"/>). A second close does nothing.</summary>
    public Fin<Unit> Close() => OwnedDisposal.DisposeAll(Shutdown(), _onDisposeFailed);

    /// <summary>As <see cref="Close"/>, disposing owned resources asynchronously where they allow it.</summary>
    public ValueTask<Fin<Unit>> CloseAsync() => OwnedDisposal.DisposeAllAsync(Shutdown());

    /// <summary>
    /// As <see cref="Dispose"/>, awaiting owned resources that dispose asynchronously (<c>await using</c>).
    /// Never throws: use <see cref="CloseAsync"/> to see disposal errors.
    /// </summary>
    public ValueTask DisposeAsync() => OwnedDisposal.DisposeAllQuietlyAsync(Shutdown());

    /// <summary>Ends everything; returns what was owned, to dispose with no lock held.</summary>
    private List<OwnedDisposal.Owned>? Shutdown()
    {
        // Built before the handles end, outside every lock; wasted only when another thread disposes first.
        // Stryker disable once Logical : building the report is only wasted: a second Shutdown returns before using it, and without a callback Report invokes nothing
        var leaks = _onLeaks is not null && !IsDisposed ? BuildLeakReport(scope: null) : null;

        // Interrupts and faults: the slot table ends everything in one step (all or nothing); after it, each
        // step below allocates nothing or is made safe on its own, so the services are cleared and every owned
        // resource is disposed whatever happens.
        int ended = _slots.Shutdown(out bool first, out var endedOwned);
        if (!first)
            return null;

        // Every lock on these paths is a SpinGate: nothing here waits interruptibly.
        _tag.Release();
        _slots.FreeWeakHandles();
        TetherMeter.Unregister(this);
        Book(ref _scopes)?.CloseAll();
        _leaks?.Clear();
        if (_notices is { } notices)
            Uninterrupted.Run(notices, static hub => hub.Complete());
        Book(ref _ownership)?.Clear();
        List<OwnedDisposal.Owned>? owned = null;
        if (endedOwned is { Count: > 0 })
        {
            try
            {
                owned = new List<OwnedDisposal.Owned>(endedOwned.Count);
            }
            catch (OutOfMemoryException)
            {
                owned = null;
            }

            foreach (var handle in endedOwned)
            {
                var item = new OwnedDisposal.Owned(handle.Raw, handle.Target!);
                if (owned is not null)
                    owned.Add(item); // within the capacity made above: allocates nothing
                else
                    OwnedDisposal.DisposeNow(item, _onDisposeFailed);
            }
        }

        TetherMeter.Record(TetherMeter.Dropped, ended);
        if (leaks is { IsEmpty: false })
            Report(leaks);
        return owned;
    }
}
