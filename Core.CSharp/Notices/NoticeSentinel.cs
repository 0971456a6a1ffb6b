using System;
using System.Collections.Generic;

namespace Tether;

/// <summary>
/// Lives exactly as long as one weakly held resource: a <c>ConditionalWeakTable</c> keeps it while the
/// resource is reachable, so when the GC collects the resource this sentinel's finalizer runs and hands the
/// handles that held the resource weakly to the <see cref="NoticeHub"/>. Nothing else happens on the
/// finalizer thread.
/// </summary>
/// <remarks>
/// It reaches its hub only through a weak reference: a resource that outlives its table must not keep the
/// table, its handlers or its channel alive through the sentinel. The hub removes a sentinel (and
/// suppresses its finalizer) as soon as it has no handles left, and all of them when the table is disposed.
/// </remarks>
internal sealed class NoticeSentinel(WeakReference<NoticeHub> hub)
{
    // Guarded by the hub's watch lock while the hub lives; read by the finalizer, after which nothing writes.
    private readonly List<long> _raws = new(1);

    public bool IsEmpty => _raws.Count == 0;

    /// <summary>Registers a weak handle of the resource; a handle registers at most once.</summary>
    public void Add(long raw)
    {
        if (!_raws.Contains(raw))
            _raws.Add(raw);
    }

    /// <summary>Forgets a handle that ended: only current handles are reported.</summary>
    public void Remove(long raw) => _raws.Remove(raw);

    ~NoticeSentinel()
    {
        if (!hub.TryGetTarget(out var target))
            return;
        long[] raws;
        lock (target.WatchGate)
            raws = _raws.ToArray();
        target.SentinelFinalized(raws);
    }
}
