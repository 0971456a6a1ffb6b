using System;
using System.Diagnostics.Tracing;
using System.Threading;

namespace Tether.Tests.Support;

/// <summary>
/// The runtime's own count of GC handles in use (every kind: weak, strong, pinned, dependent), read from the
/// GCHeapStats event that the runtime raises at the end of each collection. Our counters only say what our
/// code thinks it allocated; this says what the runtime holds.
/// </summary>
/// <remarks>
/// An in-process listener on "Microsoft-Windows-DotNETRuntime" (GC keyword, informational). Events reach it
/// from the runtime's event pipe on another thread, a little later: <see cref="Count"/> forces a full,
/// blocking collection and waits for the stats event that follows it. Counts are process-wide, so callers run
/// in a non-parallel test collection.
/// </remarks>
internal sealed class RuntimeGcHandles : EventListener
{
    private const int GcHeapStatsEventId = 4;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private static readonly Lazy<RuntimeGcHandles> Shared = new(() => new RuntimeGcHandles(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly object _gate = new();
    private long _events;
    private long _handles = -1;

    /// <summary>
    /// Collects (twice, running finalizers between, so handles freed by finalizers are gone) and answers the
    /// runtime's GC-handle count at the end of the last collection.
    /// </summary>
    public static long Count()
    {
        var listener = Shared.Value;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return listener.CountAfterCollection();
    }

    /// <summary>
    /// <see cref="Count"/> until two readings in a row agree (at most ten): the runtime's own threads (the
    /// event pipe's, the thread pool's) take and give back a handle or two of their own now and then.
    /// </summary>
    public static long StableCount()
    {
        long last = Count();
        for (int i = 0; i < 10; i++)
        {
            long next = Count();
            if (next == last)
                return next;
            last = next;
        }

        return last;
    }

    private long CountAfterCollection()
    {
        long seen;
        lock (_gate)
            seen = _events;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        // The stats of our collection come after every event already counted; wait for the next one.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        lock (_gate)
        {
            while (_events <= seen)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException("no GCHeapStats event from the runtime within 30 s");
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
            }

            return _handles;
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != GcHeapStatsEventId || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
            return;
        int at = names.IndexOf("GCHandleCount");
        if (at < 0)
            return;
        long handles = Convert.ToInt64(payload[at], System.Globalization.CultureInfo.InvariantCulture);
        // The base constructor may raise events before this instance's fields are set: _gate is then null.
        if (_gate is null)
            return;
        lock (_gate)
        {
            _handles = handles;
            _events++;
            Monitor.PulseAll(_gate);
        }
    }
}
