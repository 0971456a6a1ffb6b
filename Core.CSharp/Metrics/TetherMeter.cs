using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;

namespace Tether;

/// <summary>
/// The <see cref="System.Diagnostics.Metrics.Meter"/> named "Tether": live handles by hold, and counters of created, dropped and
/// collected handles, of adds rejected at capacity, and of retired slots brought back (values reused). <c>dotnet-counters monitor --counters Tether</c> shows them.
/// </summary>
/// <remarks>
/// A <see cref="MeterListener"/> runs synchronously inside <c>Counter.Add</c>, so it is user code: the
/// table records measurements only after a change is complete and every lock is released, and what a
/// listener throws is caught here. A listener may block, throw or call back into the table.
/// </remarks>
public static class TetherMeter
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Tether";

    internal static readonly Meter Meter = new(Name, "0.1.0");
    internal static readonly Counter<long> Created = Meter.CreateCounter<long>("tether.handles.created", "{handle}", "Handles added.");
    internal static readonly Counter<long> Dropped = Meter.CreateCounter<long>("tether.handles.dropped", "{handle}", "Handles ended by drop, take, scope or table disposal.");
    internal static readonly Counter<long> Collected = Meter.CreateCounter<long>("tether.handles.collected", "{handle}", "Weak handles whose resource the GC collected.");
    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>("tether.handles.rejected", "{handle}", "Adds refused because the table was full.");
    internal static readonly Counter<long> Reused = Meter.CreateCounter<long>("tether.slots.reused", "{slot}",
        "Retired slots brought back for a new cycle of generations: from the first one on, a table reuses values (see the Core README's Value lifetime).");

    // Guards Tables and s_pruneAt. A SpinGate, never an interruptible wait: creating a table must not throw
    // because its thread was interrupted.
    private static readonly SpinGate Gate = new();
    private static readonly List<WeakGCHandle<HandleTable>> Tables = [];
    private static int s_pruneAt = 64;

    static TetherMeter() =>
        Meter.CreateObservableGauge("tether.handles.live", Observe, "{handle}", "Live handles, by hold (strong, weak, collected).");

    /// <summary>Adds to a counter when anyone listens; a listener's exception never reaches the table.</summary>
    internal static void Record(Counter<long> counter, long count)
    {
        if (count == 0 || !counter.Enabled)
            return;
        try
        {
            counter.Add(count);
        }
        catch (Exception)
        {
            // A listener is user code. The change it was told about is complete; nothing to undo.
        }
    }

    /// <summary>Lets the live-handles gauge see a table, without keeping it alive.</summary>
    internal static void Register(HandleTable table)
    {
        // A bare weak GC handle, not a WeakReference: Unregister frees it at once (a WeakReference's handle
        // would wait for its finalizer), so a disposed table holds no GC handle here.
        var entry = new WeakGCHandle<HandleTable>(table);
        using (Gate.Enter())
        {
            // Stryker disable once Equality,Boolean : when the weak list is pruned only bounds its memory; Observe skips dead and disposed tables either way
            if (Tables.Count >= s_pruneAt)
            {
                Tables.RemoveAll(static t =>
                {
                    if (t.TryGetTarget(out var live) && !live.IsDisposed)
                        return false;
                    t.Dispose();
                    return true;
                });
                // Stryker disable once Linq,Arithmetic : the next pruning point only bounds the weak list's memory and the cost of pruning; Observe skips dead and disposed tables either way
                s_pruneAt = Math.Max(64, Tables.Count * 2);
            }

            Tables.Add(entry);
        }
    }

    /// <summary>Forgets a disposed table, so its weak reference (a GC handle) goes now, not when the table is collected.</summary>
    internal static void Unregister(HandleTable table)
    {
        using (Gate.Enter())
        {
            Tables.RemoveAll(t =>
            {
                if (t.TryGetTarget(out var live) && !ReferenceEquals(live, table))
                    return false;
                t.Dispose();
                return true;
            });
        }
    }

    private static IEnumerable<Measurement<long>> Observe()
    {
        long strong = 0, weak = 0, collected = 0;
        List<HandleTable> live = [];
        using (Gate.Enter())
        {
            foreach (var reference in Tables)
            {
                if (reference.TryGetTarget(out var table) && !table.IsDisposed)
                    live.Add(table);
            }
        }

        // Outside every lock: Counts takes each table's lane locks only to copy its counters.
        foreach (var table in live)
        {
            var counts = table.Counts;
            strong += counts.Strong;
            weak += counts.Weak;
            collected += counts.Collected;
        }

        return
        [
            new(strong, new KeyValuePair<string, object?>("hold", "strong")),
            new(weak, new KeyValuePair<string, object?>("hold", "weak")),
            new(collected, new KeyValuePair<string, object?>("hold", "collected")),
        ];
    }
}
