using System;
using System.Diagnostics.Tracing;
using System.Threading;

namespace Tether.Benchmarks;

/// <summary>
/// The runtime's own count of GC handles in use (weak, strong, pinned, dependent), from the GCHeapStats event the
/// runtime raises after each collection (as Tests/Core.CSharp.Tests/Support/RuntimeGcHandles.cs reads it).
/// </summary>
internal sealed class RuntimeGcHandleCount : EventListener
{
    private readonly object _gate = new();
    private long _events;
    private long _handles = -1;

    /// <summary>Collects (blocking, finalizers run) and answers the count at the end of that collection.</summary>
    public long Count()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long seen;
        lock (_gate)
            seen = _events;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        lock (_gate)
        {
            while (_events <= seen && DateTime.UtcNow < deadline)
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
            return _handles;
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // GCHeapStats; the base constructor may raise events before _gate is set.
        if (eventData.EventId != 4 || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload || _gate is null)
            return;
        int at = names.IndexOf("GCHandleCount");
        if (at < 0)
            return;
        lock (_gate)
        {
            _handles = Convert.ToInt64(payload[at], System.Globalization.CultureInfo.InvariantCulture);
            _events++;
            Monitor.PulseAll(_gate);
        }
    }
}
