using System;
using System.Collections.Generic;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Tether;

/// <summary>
/// Lives exactly as long as one weakly held resource: a <see cref="DependentHandle"/> (the resource its
/// primary, this sentinel its dependent) keeps it while the resource is reachable, so when the GC collects the
/// resource this sentinel's finalizer runs and hands the handles that held the resource weakly to the
/// <see cref="NoticeHub"/>. Nothing else happens on the finalizer thread.
/// </summary>
/// <remarks>
/// It reaches its hub only through the hub's <see cref="NoticeLink"/>, which holds the hub by a weak GC handle:
/// a resource that outlives its table must not keep the table, its handlers or its channel alive through the
/// sentinel. The hub removes a sentinel (disposing its dependent handle and suppressing its finalizer) as soon
/// as it has no handles left, and all of them when the table is disposed.
/// </remarks>
internal sealed class NoticeSentinel(NoticeLink link, NoticeHub.Watched entry)
{
    // Guarded by the link's gate while the hub lives; read by the finalizer, after which nothing writes.
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
        NoticeHub? target;
        long first;
        long[]? more;
        link.Gate.Take();
        try
        {
            // The link's handle to the hub is freed (and Closed set) under this gate when the hub completes.
            if (link.Closed || !link.Hub.TryGetTarget(out target))
            {
                // The hub is gone (its table was never disposed) or done: nobody else will free this resource's
                // dependent handle. (Disposing it again after the hub's Complete does nothing.)
                entry.Handle.Dispose();
                return;
            }
            first = _first;
            more = _more is { Count: > 0 } ? _more.ToArray() : null;
        }
        finally
        {
            link.Gate.Release();
        }

        target.SentinelFinalized(first, more, entry);
    }
}

/// <summary>
/// What the sentinels of one hub share: the hub's watch gate, and the hub by a weak GC handle that the hub
/// frees (under the gate) when it completes, so a disposed table's hub holds no GC handle.
/// </summary>
internal sealed class NoticeLink(NoticeHub hub)
{
    /// <summary>Guards the hub's watched resources, this link and every sentinel's list. Never held while user code runs.</summary>
    public SpinGate Gate { get; } = new();

    /// <summary>The hub, weakly; freed when <see cref="Closed"/> is set.</summary>
    public WeakGCHandle<NoticeHub> Hub = new(hub);

    /// <summary>Set (under <see cref="Gate"/>) when the hub completed: nothing more is reported.</summary>
    public bool Closed;

    /// <summary>
    /// A hub whose table was never disposed never closes its link: once the link is unreachable (every sentinel
    /// gone too), its weak handle to the hub goes here. Under the gate and marked closed, so a sentinel finalized
    /// in the same pass never reads the freed handle.
    /// </summary>
    ~NoticeLink()
    {
        Gate.Take();
        try
        {
            if (!Closed)
            {
                Closed = true;
                Hub.Dispose();
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
