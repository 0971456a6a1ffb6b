using System;
using System.Collections.Generic;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// A table watches a weakly held resource only while a current weak handle holds it. Uses the
/// internal hook <c>HandleTable.WatchedCount</c> (how many resources the table watches for collection), which
/// the current code does not have: on it, this file does not compile.
/// </summary>
public class RetentionHookTests
{
    [Fact]
    public void Dropping_every_weak_handle_leaves_nothing_watched()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var kept = new List<Resource>();
        var handles = new List<Handle<Resource>>();
        for (int i = 0; i < 10_000; i++)
        {
            var resource = new Resource(i);
            kept.Add(resource);
            handles.Add(table.Add(resource, Hold.Weak).Value());
        }

        Assert.Equal(10_000, table.WatchedCount);
        foreach (var handle in handles)
            table.Drop(handle).Value();

        Assert.Equal(0, table.WatchedCount);
        GC.KeepAlive(kept);
    }

    [Fact]
    public void Tightening_a_weak_handle_stops_watching_its_resource()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var resource = new Resource(1);
        var handle = table.Add(resource, Hold.Weak).Value();

        table.Tighten(handle).Value();

        Assert.Equal(0, table.WatchedCount);
        GC.KeepAlive(resource);
    }

    [Fact]
    public void Disposing_a_table_with_live_weak_handles_leaves_nothing_watched()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var kept = new List<Resource>();
        for (int i = 0; i < 1_000; i++)
        {
            var resource = new Resource(i);
            kept.Add(resource);
            table.Add(resource, Hold.Weak).Value();
        }

        table.Dispose();

        Assert.Equal(0, table.WatchedCount);
        GC.KeepAlive(kept);
    }
}
