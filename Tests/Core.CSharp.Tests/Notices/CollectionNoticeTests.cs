using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Tether.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Tests.Notices;

public class CollectionNoticeTests(ITestOutputHelper output)
{
    private static HandleTable NotifyingTable(SlotPolicy policy = SlotPolicy.Tombstone, int capacity = HandleTableOptions.DefaultCapacity) =>
        HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, NotifyCollected = true, SlotPolicy = policy, Capacity = capacity }).Value();

    private static async Task<CollectionNotice> NextNotice(HandleTable table)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await table.Notices.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task A_collected_weak_handle_is_reported_with_its_raw_value_and_type()
    {
        using var table = NotifyingTable();
        var handle = Gc.AddUnrooted(table, Hold.Weak);

        var watch = Stopwatch.StartNew();
        Gc.Collect();
        var notice = await NextNotice(table);
        output.WriteLine($"notice latency after GC.Collect: {watch.Elapsed.TotalMilliseconds:0.00} ms");

        Assert.Equal(new CollectionNotice(handle.Raw, typeof(Resource)), notice);
        Assert.Equal(HandleState.Collected, table.State(handle));
    }

    [Fact]
    public async Task Each_collected_handle_is_reported_exactly_once()
    {
        using var table = NotifyingTable();
        var first = AddMany(table, 1000);
        Gc.Collect();
        var seen = new List<long>();
        for (int i = 0; i < 1000; i++)
            seen.Add((await NextNotice(table)).Raw);

        // A second round: had any of the first been reported twice, it would show up before these.
        var second = AddMany(table, 10);
        Gc.Collect();
        var later = new List<long>();
        for (int i = 0; i < 10; i++)
            later.Add((await NextNotice(table)).Raw);

        Assert.Equal(first.OrderBy(r => r), seen.OrderBy(r => r));
        Assert.Equal(second.OrderBy(r => r), later.OrderBy(r => r));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<long> AddMany(HandleTable table, int count) =>
        Enumerable.Range(0, count).Select(i => table.Add(new Resource(i), Hold.Weak).Value().Raw).ToList();

    [Fact]
    public async Task Handles_dropped_or_tightened_before_collection_are_not_reported()
    {
        using var table = NotifyingTable();
        var dropped = Gc.AddUnrooted(table, Hold.Weak, 1);
        var tightened = Gc.AddUnrooted(table, Hold.Weak, 2);
        var reported = Gc.AddUnrooted(table, Hold.Weak, 3);
        table.Drop(dropped).Value();
        table.Tighten(tightened).Value();

        Gc.Collect();
        var notice = await NextNotice(table);

        Assert.Equal(reported.Raw, notice.Raw);
        table.Drop(reported).Value();
        table.Loosen(tightened).Value();
        Gc.Collect();
        Assert.Equal(tightened.Raw, (await NextNotice(table)).Raw);
    }

    [Fact]
    public async Task The_event_runs_on_a_pool_thread_and_may_call_back_into_the_table()
    {
        using var table = NotifyingTable();
        var done = new TaskCompletionSource<(bool PoolThread, LanguageExt.Fin<LanguageExt.Unit> Drop, bool Added)>(TaskCreationOptions.RunContinuationsAsynchronously);
        table.Collected += notice =>
        {
            var handle = table.Resolve<Resource>(notice.Raw).Value();
            var drop = table.Drop(handle);
            var added = table.Add(new Resource(99)).IsSucc;
            done.TrySetResult((Thread.CurrentThread.IsThreadPoolThread, drop, added));
        };
        table.Collected += _ => throw new InvalidOperationException("a bad subscriber");
        Gc.AddUnrooted(table, Hold.Weak);

        Gc.Collect();
        var (poolThread, drop, added) = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(poolThread);
        Assert.True(drop.IsSucc);
        Assert.True(added);
    }

    [Fact]
    public async Task A_reclaiming_table_frees_the_slot_and_keeps_the_error_truthful()
    {
        using var table = NotifyingTable(SlotPolicy.Reclaim, capacity: 1);
        var handle = Gc.AddUnrooted(table, Hold.Weak);

        Gc.Collect();
        await NextNotice(table);

        table.Get(handle).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
        Assert.Equal(HandleState.Collected, table.State(handle));
        table.Drop(handle).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
        Assert.Equal(new TableCounts(0, 0, 0, 1, 0), table.Counts);

        var next = table.Add(new Resource(2)).Value();
        Assert.Equal(handle.Raw & 0xFF_FFFF, next.Raw & 0xFF_FFFF); // the same slot, reused
        table.Get(handle).FailsWith(new HandleError.Dropped(handle.Raw));
    }

    [Fact]
    public void Reclaim_without_notices_is_refused()
    {
        HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, SlotPolicy = SlotPolicy.Reclaim })
            .FailsWith(new HandleError.InvalidArgument("SlotPolicy.Reclaim needs NotifyCollected: the table reclaims a slot when it learns of the collection."));
    }

    [Fact]
    public async Task Without_notices_the_reader_is_complete_and_nothing_is_published()
    {
        using var table = Fresh.Table();
        int raised = 0;
        table.Collected += _ => raised++;
        Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();

        Assert.False(await table.Notices.WaitToReadAsync());
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task Disposing_the_table_completes_the_notices()
    {
        var table = NotifyingTable();
        table.Dispose();
        Assert.False(await table.Notices.WaitToReadAsync());
    }
}
