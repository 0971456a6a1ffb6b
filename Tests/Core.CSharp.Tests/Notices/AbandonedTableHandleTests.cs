using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Notices;

/// <summary>
/// A table with notices that is never disposed, only dropped and collected, must not leave runtime GC handles
/// behind for the life of the process: its slots' weak handles go with the store's bag, and so must the notice
/// hub's (the link's weak handle to the hub, one DependentHandle per watched resource), once the resources and
/// the table are gone.
/// </summary>
// Reads the runtime's process-wide GC-handle count: alone, with the other GC-handle tests.
[Collection(nameof(Table.DisposeReleaseTests))]
public class AbandonedTableHandleTests
{
    private const int Watched = 1_000;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AbandonTableWatching(List<object> resources)
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true, OwnValueSpace = true }).Value();
        foreach (var resource in resources)
            table.Add(resource, Hold.Weak).Value();
        // Never disposed: the table goes with its last reference, as in a host that forgets it.
    }

    [Fact]
    public void An_abandoned_table_with_notices_leaves_no_runtime_gc_handle_once_it_and_its_resources_are_collected()
    {
        RuntimeGcHandles.StableCount();
        long before = RuntimeGcHandles.StableCount();

        var resources = new List<object>();
        for (int i = 0; i < Watched; i++)
            resources.Add(new Resource(i));
        AbandonTableWatching(resources);
        for (int i = 0; i < 3; i++)
            Gc.Collect(); // the table, its hub and its store go; the resources live on

        resources.Clear();
        for (int i = 0; i < 3; i++)
            Gc.Collect(); // now the resources, and so the sentinels, go too

        long after = RuntimeGcHandles.StableCount();
        Assert.InRange(after - before, -10, 10);
    }
}
