using System;
using System.Reflection;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// A growth that runs out of memory after its page was leased (Array.Resize of the generation directory,
/// SlotStore.SetPage's directory) leaves "the page recorded in the lease, unused" (SlotTable.TryGrowLane's own
/// comment). Dispose must still never throw and must dispose what the handles owned (Core README,
/// "Interrupts and faults").
/// </summary>
public class DisposeAfterFailedGrowthTests
{
    private sealed class Owned : IDisposable
    {
        public int Disposed;

        public void Dispose() => Interlocked.Increment(ref Disposed);
    }

    [Fact]
    public void Dispose_after_a_growth_that_failed_past_its_page_lease_neither_throws_nor_skips_owned_disposal()
    {
        var table = Fresh.Table();
        var owned = new Owned();
        table.Add(owned, Hold.Strong, Tether.Ownership.Owned).Value();

        // The state an OutOfMemoryException between TagLease.LeasePage and SlotStore.SetPage leaves behind.
        var lease = (TagLease)typeof(HandleTable).GetField("_tag", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(table)!;
        Assert.True(lease.LeasePage(HandleLayout.MaxSlotsRaw >> SlotStore.PageBits, out _, out _) > 0);

        var thrown = Record.Exception(table.Dispose);

        Assert.Null(thrown);
        Assert.Equal(1, owned.Disposed);
    }
}
