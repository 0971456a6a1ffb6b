using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;

namespace Tether;

/// <summary>
/// Carries collections from the finalizer thread to the table and on to subscribers. The finalizer only
/// queues raw values; a thread-pool work item asks the table which of them are really collected (the
/// table's own state is the truth, so a handle dropped meanwhile is not reported), then publishes.
/// Cost is proportional to what was collected, never to the size of the table.
/// </summary>
internal sealed class NoticeHub
{
    private readonly WeakReference<HandleTable> _table;
    private readonly ConcurrentQueue<long> _pending = new();
    private readonly ConditionalWeakTable<object, NoticeSentinel> _sentinels = new();
    private readonly Channel<CollectionNotice> _channel = Channel.CreateUnbounded<CollectionNotice>(
        new UnboundedChannelOptions { SingleWriter = true, AllowSynchronousContinuations = false });
    private int _scheduled;

    public NoticeHub(HandleTable table) => _table = new WeakReference<HandleTable>(table);

    public ChannelReader<CollectionNotice> Reader => _channel.Reader;

    /// <summary>Raised on a thread-pool thread, never the finalizer thread, once per notice.</summary>
    public event Action<CollectionNotice>? Published;

    /// <summary>Watches a resource held weakly by handle <paramref name="raw"/>.</summary>
    public void Watch(object resource, long raw) =>
        _sentinels.GetValue(resource, _ => new NoticeSentinel(this)).Add(raw);

    /// <summary>Stops watching a resource for handle <paramref name="raw"/> (it ended, or holds strongly now).</summary>
    public void Unwatch(object resource, long raw)
    {
        if (_sentinels.TryGetValue(resource, out var sentinel))
            sentinel.Remove(raw);
    }

    /// <summary>Called from a sentinel's finalizer: queue, and schedule processing once.</summary>
    public void Collected(long[] raws)
    {
        foreach (var raw in raws)
            _pending.Enqueue(raw);
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static hub => hub.Process(), this, preferLocal: false);
    }

    private void Process()
    {
        Volatile.Write(ref _scheduled, 0);
        if (!_table.TryGetTarget(out var table))
            return;

        var raws = new List<long>();
        while (_pending.TryDequeue(out var raw))
            raws.Add(raw);
        if (raws.Count == 0)
            return;

        foreach (var notice in table.ConfirmCollected(raws))
        {
            _channel.Writer.TryWrite(notice);
            Raise(notice);
        }
    }

    private void Raise(CollectionNotice notice)
    {
        var handlers = Published;
        if (handlers is null)
            return;
        foreach (Action<CollectionNotice> handler in handlers.GetInvocationList())
        {
            // A subscriber's exception must not take down the thread pool, nor stop the others.
            try
            {
                handler(notice);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _handlerFailures);
            }
        }
    }

    private int _handlerFailures;

    /// <summary>How many times a subscriber threw; kept for diagnostics.</summary>
    public int HandlerFailures => Volatile.Read(ref _handlerFailures);

    /// <summary>No more notices: readers see the end of the stream.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
