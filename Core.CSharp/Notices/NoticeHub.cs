using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;

namespace Tether;

/// <summary>
/// Carries collections from the finalizer thread to the table and on to subscribers. The finalizer only
/// queues raw values; one processing loop at a time (on the thread pool) asks the table which of them are
/// really collected (the table's own state is the truth, so a handle dropped meanwhile is not reported),
/// then publishes them in that order: to the channel, if anyone has asked for it, and to the event.
/// Handlers therefore never run concurrently, never on the finalizer thread, never under a lock.
/// </summary>
internal sealed class NoticeHub
{
    // Strong: the table holds the hub and the hub the table, a cycle the GC collects; a sentinel reaches the hub
    // only weakly (through the link), so a resource outliving the table keeps neither alive.
    private readonly HandleTable _table;
    private readonly NoticeLink _link;

    // The watched resources, by identity hash, each chain linked through Watched.Next. Guarded by the gate.
    private readonly Dictionary<int, Watched> _watchedByHash = [];
    private readonly ConcurrentQueue<long> _pending = new();
    private readonly Channel<CollectionNotice> _channel = Channel.CreateUnbounded<CollectionNotice>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false, AllowSynchronousContinuations = false });
    private volatile bool _readerTaken;
    private int _watched;
    private int _running;
    private int _publishing;
    private volatile bool _completeRequested;
    private int _completed;
    private int _handlerFailures;
    private Action<CollectionNotice>? _invoked;
    private Delegate[]? _invocationList;

    public NoticeHub(HandleTable table)
    {
        _table = table;
        _link = new NoticeLink(this);
    }

    /// <summary>Guards the sentinels and their lists. Never held while user code runs. Not re-entrant.</summary>
    internal SpinGate WatchGate => _link.Gate;

    /// <summary>
    /// One watched resource: a dependent handle whose primary is the resource and whose dependent is its
    /// sentinel, so the sentinel lives exactly as long as the resource and the hub never holds the resource.
    /// Owned by the hub, under the gate; disposed on the last unwatch, on the sentinel's finalization, and when
    /// the hub completes, so no dependent handle outlives the table's disposal.
    /// </summary>
    internal sealed class Watched(int hash, DependentHandle handle)
    {
        public int Hash { get; } = hash;

        public DependentHandle Handle = handle;

        public Watched? Next;
    }

    /// <summary>
    /// The channel of notices. It buffers a notice when someone has asked for the reader, or when nobody
    /// listens at all (so a reader that comes later still finds it); a table whose notices are read only
    /// through the event buffers nothing.
    /// </summary>
    public ChannelReader<CollectionNotice> Reader
    {
        get
        {
            _readerTaken = true;
            return _channel.Reader;
        }
    }

    private Action<CollectionNotice>? _published;

    /// <summary>Raised on the processing loop, once per notice, in order.</summary>
    /// <remarks>
    /// Every change of subscribers also forgets the cached invocation list, so a removed handler (and its target)
    /// is not kept alive by the cache until the next notice. The loop reads the cache into locals and rebuilds it
    /// whenever it finds it forgotten, so a change racing a publication costs at most one more list.
    /// </remarks>
    public event Action<CollectionNotice>? Published
    {
        add
        {
            Action<CollectionNotice>? seen, next;
            do
            {
                seen = Volatile.Read(ref _published);
                next = (Action<CollectionNotice>?)Delegate.Combine(seen, value);
            }
            while (!ReferenceEquals(Interlocked.CompareExchange(ref _published, next, seen), seen));
            ForgetInvocationList();
        }
        remove
        {
            Action<CollectionNotice>? seen, next;
            do
            {
                seen = Volatile.Read(ref _published);
                next = (Action<CollectionNotice>?)Delegate.Remove(seen, value);
            }
            while (!ReferenceEquals(Interlocked.CompareExchange(ref _published, next, seen), seen));
            ForgetInvocationList();
        }
    }

    private void ForgetInvocationList()
    {
        Volatile.Write(ref _invoked, null);
        Volatile.Write(ref _invocationList, null);
    }

    /// <summary>How many resources have a sentinel now (tests: nothing may outlive its handles).</summary>
    public int WatchedCount => Volatile.Read(ref _watched);

    /// <summary>How many times a subscriber threw; kept for diagnostics.</summary>
    public int HandlerFailures => Volatile.Read(ref _handlerFailures);

    /// <summary>Watches a resource held weakly by handle <paramref name="raw"/>.</summary>
    public void Watch(object resource, long raw)
    {
        WatchGate.Take();
        try
        {
            if (_completeRequested)
                return;
            var sentinel = Find(resource, out _, out _);
            if (sentinel is null)
            {
                int hash = RuntimeHelpers.GetHashCode(resource);
                _watchedByHash.TryGetValue(hash, out var head);
                var entry = new Watched(hash, default) { Next = head };
                sentinel = new NoticeSentinel(_link, entry);
                entry.Handle = new DependentHandle(resource, sentinel);
                _watchedByHash[hash] = entry;
                _watched++;
            }

            sentinel.Add(raw);
        }
        finally
        {
            WatchGate.Release();
        }
    }

    /// <summary>Stops watching a resource for handle <paramref name="raw"/>; drops the sentinel once it watches nothing.</summary>
    public void Unwatch(object resource, long raw)
    {
        WatchGate.Take();
        try
        {
            if (Find(resource, out var entry, out var previous) is not { } sentinel)
                return;
            sentinel.Remove(raw);
            if (sentinel.IsEmpty)
            {
                GC.SuppressFinalize(sentinel);
                Unlink(entry!, previous);
            }
        }
        finally
        {
            WatchGate.Release();
        }
    }

    /// <summary>Under the gate: the sentinel of a live resource, its entry and the entry before it in its chain.</summary>
    private NoticeSentinel? Find(object resource, out Watched? entry, out Watched? previous)
    {
        previous = null;
        _watchedByHash.TryGetValue(RuntimeHelpers.GetHashCode(resource), out entry);
        for (; entry is not null; previous = entry, entry = entry.Next)
        {
            var (primary, dependent) = entry.Handle.TargetAndDependent;
            if (ReferenceEquals(primary, resource))
                return (NoticeSentinel?)dependent;
        }

        return null;
    }

    /// <summary>Under the gate: forgets an entry and frees its dependent handle.</summary>
    private void Unlink(Watched entry, Watched? previous)
    {
        if (previous is not null)
            previous.Next = entry.Next;
        else if (entry.Next is not null)
            _watchedByHash[entry.Hash] = entry.Next;
        else
            _watchedByHash.Remove(entry.Hash);
        entry.Handle.Dispose();
        _watched--;
    }

    /// <summary>Called from a sentinel's finalizer: forget its entry, queue, and make sure the loop runs.</summary>
    internal void SentinelFinalized(long first, long[]? more, Watched? entry = null)
    {
        WatchGate.Take();
        try
        {
            if (_completeRequested)
                return;
            if (entry is not null)
                UnlinkFinalized(entry);
        }
        finally
        {
            WatchGate.Release();
        }

        if (first != 0)
            _pending.Enqueue(first);
        foreach (var raw in more ?? [])
            _pending.Enqueue(raw);
        Schedule();
    }

    /// <summary>Under the gate: forgets the entry of a collected resource (its primary is gone, so it is found by identity).</summary>
    private void UnlinkFinalized(Watched entry)
    {
        Watched? previous = null;
        _watchedByHash.TryGetValue(entry.Hash, out var each);
        for (; each is not null; previous = each, each = each.Next)
        {
            if (ReferenceEquals(each, entry))
            {
                Unlink(entry, previous);
                return;
            }
        }
    }

    /// <summary>
    /// The table was disposed: drop every sentinel now (nothing will be reported), and complete the channel now,
    /// unless the loop is publishing notices it confirmed before the disposal: then it completes the channel
    /// right after them, so the event and the channel agree.
    /// </summary>
    /// <remarks>
    /// Completing never waits for the thread pool. Completion used to be left to the loop whenever it was
    /// running or merely queued; on a busy pool a queued run could start seconds after Dispose returned.
    /// <para>Why a loop that confirms nothing may be overtaken, on ARM64 as on x64: the table's Shutdown (which
    /// runs before this, with every lane of the slot table held) marks the slot table disposed, and
    /// ConfirmCollected takes every lane and confirms nothing once it is. The loop sets _publishing to 1 before
    /// it confirms and back to 0 (a release write) only after it has published what it confirmed. So when this
    /// method reads _publishing as 0, either the loop's next confirmation takes the lanes after Shutdown (the
    /// lanes' lock order puts its _publishing = 1 after our read, and it finds the table disposed: it publishes
    /// nothing more), or the batch it confirmed before Shutdown was entirely published before its write of 0,
    /// which our acquire read saw. Either way no notice is written after the channel completes, and none that
    /// the event was raised for is missing from it.</para>
    /// <para>Why it always completes: this method writes _completeRequested, then a full fence, then reads
    /// _publishing; the loop writes _publishing = 0, then a full fence, then reads _completeRequested (a
    /// store-load pair on each side, which neither x64 nor ARM64 keeps in order without the fences). At least
    /// one of the two reads sees the other's write, so at least one of them completes; CompleteChannel lets
    /// only the first one do it.</para>
    /// </remarks>
    public void Complete()
    {
        WatchGate.Take();
        try
        {
            if (!_completeRequested)
            {
                _completeRequested = true;
                foreach (var head in _watchedByHash.Values)
                {
                    for (var entry = head; entry is not null; entry = entry.Next)
                    {
                        if (entry.Handle.Dependent is { } sentinel)
                            // Stryker disable once Statement : a sentinel that still finalizes finds the link closed and reports nothing; only finalizer work is saved
                            GC.SuppressFinalize(sentinel);
                        entry.Handle.Dispose();
                    }
                }

                _watchedByHash.Clear();
                _watched = 0;
                // Sentinels still queued for finalization find the link closed, and never read the freed handle.
                _link.Closed = true;
                _link.Hub.Dispose();
                GC.SuppressFinalize(_link);
            }
        }
        finally
        {
            WatchGate.Release();
        }

        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _publishing) == 0)
            CompleteChannel();
    }

    /// <summary>Completes the channel once, whoever comes first (Complete or the loop).</summary>
    private void CompleteChannel()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
            return;
        _channel.Writer.TryComplete();
        // Stryker disable once Statement : what is left would be drained by a later pass, and the disposed table confirms none of it, so nothing more is published
        _pending.Clear();
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static hub => hub.Run(), this, preferLocal: false);
    }

    /// <summary>
    /// The one processing loop. _running is 1 while it runs; it sets 0, then looks for work once more, so a
    /// producer that enqueued while _running was 1 (and so did not schedule) is never left unprocessed. The
    /// full fence keeps the store of 0 before the reads of the queue (a store-load pair, which neither x64 nor
    /// ARM64 keeps in order without one). Producers enqueue (itself a full fence) before their
    /// compare-exchange, so either they see 0 and schedule, or this loop sees their work.
    /// </summary>
    private void Run()
    {
        while (true)
        {
            Drain();
            Volatile.Write(ref _running, 0);
            // Stryker disable once Statement : a store-load fence for a producer racing the loop's exit within nanoseconds; no deterministic test can observe it
            Interlocked.MemoryBarrier();
            if (_pending.IsEmpty || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
                return;
        }
    }

    private void Drain()
    {
        var raws = new List<long>();
        while (_pending.TryDequeue(out var raw))
            raws.Add(raw);

        if (raws.Count > 0)
        {
            var table = _table;
            // Publishing: Complete leaves the completion to this loop until the batch is out (see Complete).
            Volatile.Write(ref _publishing, 1);
            Interlocked.MemoryBarrier();
            try
            {
                foreach (var notice in table.ConfirmCollected(raws))
                    Publish(notice);
            }
            finally
            {
                Volatile.Write(ref _publishing, 0);
                Interlocked.MemoryBarrier();
            }
        }

        if (_completeRequested)
            CompleteChannel();
    }

    private void Publish(CollectionNotice notice)
    {
        // Only the processing loop writes or completes the channel: it has a single writer.
        var handlers = Volatile.Read(ref _published);
        if (_readerTaken || handlers is null)
            _channel.Writer.TryWrite(notice);
        if (handlers is null)
            return;

        // The invocation list is an array made per call: made again only when the subscribers change. Only the
        // processing loop builds these two fields; a change of subscribers clears them (ForgetInvocationList), so
        // they are read into locals and a cleared or stale pair is rebuilt from this notice's handlers.
        var list = Volatile.Read(ref _invocationList);
        if (list is null || !ReferenceEquals(handlers, Volatile.Read(ref _invoked)))
        {
            list = handlers.GetInvocationList();
            Volatile.Write(ref _invocationList, list);
            Volatile.Write(ref _invoked, handlers);
        }

        foreach (Action<CollectionNotice> handler in list)
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
}
