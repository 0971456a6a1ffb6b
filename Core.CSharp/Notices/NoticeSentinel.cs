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
    // Almost every resource has one weak handle: it is kept inline, and only a second one makes a list, so a
    // watch costs this object alone (it was a List and its array as well).
    private long _first;
    private List<long>? _more;

    public bool IsEmpty => _first == 0 && (_more is null || _more.Count == 0);

    /// <summary>Registers a weak handle of the resource; a handle registers at most once.</summary>
    public void Add(long raw)
    {
        if (_first == raw || (_more is not null && _more.Contains(raw)))
            return;
        if (_first == 0)
            _first = raw;
        else
            (_more ??= new List<long>(1)).Add(raw);
    }

    /// <summary>Forgets a handle that ended: only current handles are reported.</summary>
    public void Remove(long raw)
    {
        if (_first == raw)
            _first = 0;
        else
            _more?.Remove(raw);
    }

    ~NoticeSentinel()
    {
        if (!hub.TryGetTarget(out var target))
            return;
        long first;
        long[]? more;
        lock (target.WatchGate)
        {
            first = _first;
            more = _more is { Count: > 0 } ? _more.ToArray() : null;
        }

        target.SentinelFinalized(first, more);
    }
}
