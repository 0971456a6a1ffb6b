using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// A disposed table that nothing refers to must be collectable, even while resources it once held
/// weakly are still alive and its <see cref="HandleTable.Collected"/> handlers refer to it.
/// </summary>
public class RetentionTests
{
    [Fact]
    public void Disposed_tables_whose_collected_handlers_capture_them_are_collected_while_their_resources_live()
    {
        var kept = new List<Resource>();
        var tables = CreateAndDisposeCapturingTables(kept, 200);

        Gc.Collect();
        Gc.Collect();

        Assert.Equal(0, tables.Count(t => t.TryGetTarget(out _)));
        GC.KeepAlive(kept);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<HandleTable>> CreateAndDisposeCapturingTables(List<Resource> kept, int count)
    {
        var tables = new List<WeakReference<HandleTable>>(count);
        for (int i = 0; i < count; i++)
        {
            var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
            table.Collected += notice => table.Drop(notice.Raw);
            var resource = new Resource(i);
            kept.Add(resource);
            table.Add(resource, Hold.Weak).Value();
            table.Dispose();
            tables.Add(new WeakReference<HandleTable>(table));
        }

        return tables;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_disposed_unreferenced_table_is_collected_while_the_resources_it_held_live(bool notifyCollected)
    {
        var kept = new List<Resource>();
        var table = CreateAndDisposeTable(kept, notifyCollected);

        Gc.Collect();
        Gc.Collect();

        Assert.False(table.TryGetTarget(out _));
        GC.KeepAlive(kept);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<HandleTable> CreateAndDisposeTable(List<Resource> kept, bool notifyCollected)
    {
        var table = HandleTable.TryCreate(new HandleTableOptions
        {
            NotifyCollected = notifyCollected,
            LeakTracking = LeakTracking.AgesAndStacks,
            OnLeaks = _ => { },
        }).Value();
        var scope = table.OpenScope();
        for (int i = 0; i < 100; i++)
        {
            var resource = new Resource(i);
            kept.Add(resource);
            if (i % 3 == 0)
                table.Add(resource, Hold.Weak).Value();
            else if (i % 3 == 1)
                table.Add(resource).Value();
            else
                scope.Add(resource, Hold.Weak).Value();
        }

        var loosened = table.Add(kept[0]).Value();
        table.Loosen(loosened).Value();
        table.Dispose();
        return new WeakReference<HandleTable>(table);
    }
}
