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

    // 1,000 weak handles: exactly the baseline, so even one handle of the table's own (the meter's, the tag's,
    // the notice link's) left behind fails. 100,000: the runtime may start a thread-pool thread meanwhile (two
    // handles of its own, which stay), so a few either way; a leak of the slots' or the sentinels' handles is
    // 100,000 or more.
    [Theory]
    [InlineData(1_000, 0)]
    [InlineData(100_000, 8)]
    public void Dispose_of_a_notifying_table_frees_its_GC_handles_and_sentinels_while_the_table_is_still_referenced(int weakHandles, int slack)
    {
        var resources = new List<Resource>(weakHandles);
        for (int i = 0; i < weakHandles; i++)
            resources.Add(new Resource(i));
        // The process's one-time handles (the type's key, the meter, the registries) come first, not in the count.
        using (var warmUp = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value())
            warmUp.Add(resources[0], Hold.Weak).Value();
        // The runtime's own threads take and give back a handle now and then (see the test above): a leak of the
        // table's is there in every attempt, a stray of the runtime's in one now and then.
        var readings = new List<string>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            RuntimeGcHandles.StableCount();
            long before = RuntimeGcHandles.StableCount();

            var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
            foreach (var resource in resources)
                table.Add(resource, Hold.Weak).Value();
            long held = RuntimeGcHandles.StableCount();
            Assert.Equal(weakHandles, table.WatchedCount);

            table.Dispose();
            long afterDispose = RuntimeGcHandles.StableCount();

            Assert.True(held - before >= 2 * weakHandles, $"{held - before} handles while the table held {weakHandles} weak handles");
            Assert.Equal(0, table.WatchedCount);
            GC.KeepAlive(table);
            GC.KeepAlive(resources);
            if (Math.Abs(afterDispose - before) <= slack)
                return;
            readings.Add($"{before} -> {held} -> {afterDispose}");
        }

        Assert.Fail("a disposed table, still referenced, kept GC handles: " + string.Join("; ", readings));
    }
}
