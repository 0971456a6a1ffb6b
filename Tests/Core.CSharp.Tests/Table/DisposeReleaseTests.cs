using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// Dispose lets go of every runtime GC handle at once, not when the table object is collected: the slots'
/// weak handles, the notice sentinels' dependent handles and the table's own. Counted with the runtime's
/// GC-handle count (process-wide), so this class runs alone.
/// </summary>
[Collection(nameof(DisposeReleaseTests))]
[CollectionDefinition(nameof(DisposeReleaseTests), DisableParallelization = true)]
public class DisposeReleaseTests
{
    [Fact]
    public void The_runtime_GC_handle_count_moves_by_exactly_the_handles_allocated_and_freed()
    {
        // The runtime's own threads take and give back a handle now and then, so a reading can be off by a
        // few: the measurement is taken again (at most three times) until no such handle crossed it.
        var target = new object();
        var readings = new List<string>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = RuntimeGcHandles.StableCount();
            var handles = new GCHandle[10_000];
            for (int i = 0; i < handles.Length; i++)
                handles[i] = GCHandle.Alloc(target, GCHandleType.Weak);
            long allocated = RuntimeGcHandles.StableCount();
            foreach (var handle in handles)
                handle.Free();
            long freed = RuntimeGcHandles.StableCount();
            if (allocated - before == 10_000 && freed == before)
                return;
            readings.Add($"{before} -> {allocated} -> {freed}");
        }

        GC.KeepAlive(target);
        Assert.Fail("the count never moved by exactly 10,000: " + string.Join("; ", readings));
    }

    [Fact]
    public void Dispose_of_a_notifying_table_frees_its_GC_handles_and_sentinels_while_the_table_is_still_referenced()
    {
        const int Weak = 100_000;
        var resources = new List<Resource>(Weak);
        for (int i = 0; i < Weak; i++)
            resources.Add(new Resource(i));
        // The process's one-time handles (the type's key, the meter, the registries) come first, not in the count.
        using (var warmUp = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value())
            warmUp.Add(resources[0], Hold.Weak).Value();
        RuntimeGcHandles.StableCount();
        long before = RuntimeGcHandles.StableCount();

        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        foreach (var resource in resources)
            table.Add(resource, Hold.Weak).Value();
        long held = RuntimeGcHandles.StableCount();
        Assert.Equal(Weak, table.WatchedCount);

        table.Dispose();
        long afterDispose = RuntimeGcHandles.StableCount();

        Assert.True(held - before >= 2 * Weak, $"{held - before} handles while the table held {Weak} weak handles");
        Assert.Equal(0, table.WatchedCount);
        Assert.Equal(before, afterDispose);
        GC.KeepAlive(table);
        GC.KeepAlive(resources);
    }
}
