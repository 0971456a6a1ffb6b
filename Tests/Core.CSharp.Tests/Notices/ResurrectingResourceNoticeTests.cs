using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Notices;

/// <summary>A resource whose finalizer makes it reachable again (a hostile, or merely careless, resource).</summary>
public sealed class Phoenix
{
    public static readonly ConcurrentBag<Phoenix> Risen = [];

    ~Phoenix() => Risen.Add(this);
}

/// <summary>A resource with an ordinary finalizer.</summary>
public sealed class Finalizable
{
    public static int Finalized;

    ~Finalizable() => Interlocked.Increment(ref Finalized);
}

public class ResurrectingResourceNoticeTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Handle<T> AddUnrooted<T>(HandleTable table)
        where T : class, new() => table.Add(new T(), Hold.Weak).Value();

    /// <summary>
    /// Promise: a weak handle whose resource is collected always gets its notice (exactly once).
    /// The slot's weak GC handle is short (cleared before finalization) but the sentinel lives in a
    /// ConditionalWeakTable, whose dependent handle keeps it while the resource is finalization-reachable.
    /// A resource that resurrects itself in its finalizer leaves the handle Collected for good (lookups,
    /// State and Counts all say so) while the sentinel never dies: no notice, ever.
    /// </summary>
    [Fact]
    public void A_weak_handle_that_lookups_call_Collected_gets_its_notice_even_when_the_resource_resurrects()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var notices = new ConcurrentQueue<CollectionNotice>();
        table.Collected += notices.Enqueue;
        var handle = AddUnrooted<Phoenix>(table);

        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline && notices.IsEmpty)
        {
            Gc.Collect();
            Thread.Sleep(20);
        }

        var state = table.State(handle);
        Assert.Equal(HandleState.Collected, state); // the table itself says the resource was collected
        Assert.Equal(1, table.Counts.Collected);
        Assert.True(
            notices.Count == 1,
            $"State = {state}, Counts.Collected = {table.Counts.Collected}, WatchedCount = {table.WatchedCount}, notices = {notices.Count}");
    }

    /// <summary>Control: an ordinary finalizable resource does get its notice (after its finalizer ran).</summary>
    [Fact]
    public void A_finalizable_weak_resource_gets_its_notice()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var notices = new ConcurrentQueue<CollectionNotice>();
        table.Collected += notices.Enqueue;
        var handle = AddUnrooted<Finalizable>(table);

        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline && notices.IsEmpty)
        {
            Gc.Collect();
            Thread.Sleep(20);
        }

        Assert.Single(notices);
        Assert.Equal(handle.Raw, Assert.Single(notices).Raw);
        Assert.Equal(0, table.WatchedCount);
    }
}
