using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// A disposed, unreferenced table gives back every weak GC handle its slots held, its tag, and its
/// sentinels, while the resources it held live on. Counted process-wide, so this class runs alone.
/// </summary>
[Collection(nameof(GcHandleRetentionTests))]
[CollectionDefinition(nameof(GcHandleRetentionTests), DisableParallelization = true)]
public class GcHandleRetentionTests
{
    [Fact]
    public void Weak_GC_handles_and_tags_come_back_to_their_baseline_when_disposed_tables_are_collected()
    {
        var kept = new List<Resource>();
        CollectUntilStable();
        long baseline = Interlocked.Read(ref SlotStore.LiveWeakHandles);

        var tables = UseAndDispose(kept, tables: 20, weakPerTable: 500);

        CollectUntilStable();

        Assert.True(AllCollected(tables), "a disposed, unreferenced table is still reachable");
        Assert.Equal(baseline, Interlocked.Read(ref SlotStore.LiveWeakHandles));
        GC.KeepAlive(kept);
    }

    [Fact]
    public void An_undisposed_unreferenced_table_gives_its_tag_back_when_collected()
    {
        CollectUntilStable();
        var (reference, tag, users) = Abandon();
        CollectUntilStable();

        Assert.False(reference.TryGetTarget(out _));
        Assert.Equal(users - 1, TagRegistry.UsersOf(tag));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference<HandleTable>, int, int) Abandon()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        table.Add(new Resource(1), Hold.Weak).Value();
        return (new WeakReference<HandleTable>(table), table.Tag, TagRegistry.UsersOf(table.Tag));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<HandleTable>> UseAndDispose(List<Resource> kept, int tables, int weakPerTable)
    {
        var references = new List<WeakReference<HandleTable>>();
        for (int t = 0; t < tables; t++)
        {
            var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
            table.Collected += notice => table.Drop(notice.Raw);
            for (int i = 0; i < weakPerTable; i++)
            {
                var resource = new Resource(i);
                kept.Add(resource);
                table.Add(resource, Hold.Weak).Value();
            }

            int users = TagRegistry.UsersOf(table.Tag);
            table.Dispose();
            Assert.Equal(0, table.WatchedCount);
            Assert.Equal(users - 1, TagRegistry.UsersOf(table.Tag)); // the tag is back at disposal
            references.Add(new WeakReference<HandleTable>(table));
        }

        return references;
    }

    private static bool AllCollected(List<WeakReference<HandleTable>> tables) => tables.TrueForAll(t => !t.TryGetTarget(out _));

    private static void CollectUntilStable()
    {
        // Slot stores free their handles in their finalizers: collect until the count stops moving.
        long last;
        int rounds = 0;
        do
        {
            last = Interlocked.Read(ref SlotStore.LiveWeakHandles);
            Gc.Collect();
            Gc.Collect();
        }
        while (Interlocked.Read(ref SlotStore.LiveWeakHandles) != last && ++rounds < 20);
    }
}
