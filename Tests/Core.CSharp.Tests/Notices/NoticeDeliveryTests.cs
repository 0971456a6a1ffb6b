using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Notices;

/// <summary>Who hears of a collection, what a notice says, and what a hub does once it is complete.</summary>
public class NoticeDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static HandleTable Notifying(SlotPolicy policy = SlotPolicy.Tombstone) =>
        HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true, SlotPolicy = policy }).Value();

    [Fact]
    public void A_notice_reports_the_type_it_was_made_with()
    {
        Assert.Equal(typeof(Resource), new CollectionNotice(7, typeof(Resource)).Type);
    }

    [Fact]
    public void Notices_about_the_same_handle_with_different_types_are_not_equal()
    {
        Assert.NotEqual(new CollectionNotice(7, typeof(Resource)), new CollectionNotice(7, typeof(OtherResource)));
        Assert.NotEqual(new CollectionNotice(7, typeof(Resource)), new CollectionNotice(8, typeof(Resource)));
        Assert.Equal(new CollectionNotice(7, typeof(Resource)), new CollectionNotice(7, typeof(Resource)));
    }

    [Fact]
    public async Task A_notice_of_a_handle_in_a_scope_names_its_scope()
    {
        using var table = Notifying();
        var scope = table.OpenScope();
        var handle = AddUnrooted(scope);
        var notice = table.Notices.ReadAsync().AsTask();

        Gc.Collect();

        var read = await notice.WaitAsync(Patience);
        Assert.Equal(handle.Raw, read.Raw);
        Assert.Same(scope, read.Scope);
    }

    [Fact]
    public async Task With_reclaim_a_collected_handle_leaves_its_scope()
    {
        using var table = Notifying(SlotPolicy.Reclaim);
        var scope = table.OpenScope();
        var handle = AddUnrooted(scope);
        var notice = table.Notices.ReadAsync().AsTask();

        Gc.Collect();

        Assert.Equal(handle.Raw, (await notice.WaitAsync(Patience)).Raw);
        Assert.Equal(0, scope.Count);
        Assert.False(scope.Contains(handle.Raw));
        Assert.Equal(HandleState.Collected, table.State(handle));
    }

    [Fact]
    public async Task With_tombstones_a_collected_handle_stays_in_its_scope_until_dropped()
    {
        using var table = Notifying();
        var scope = table.OpenScope();
        var handle = AddUnrooted(scope);
        var notice = table.Notices.ReadAsync().AsTask();

        Gc.Collect();

        Assert.Equal(handle.Raw, (await notice.WaitAsync(Patience)).Raw);
        Assert.Equal(1, scope.Count);
        Assert.True(scope.Contains(handle.Raw));
    }

    [Fact]
    public async Task A_handler_removed_from_Collected_is_not_called()
    {
        using var table = Notifying();
        int removedCalls = 0;
        var kept = new TaskCompletionSource<CollectionNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<CollectionNotice> removed = _ => Interlocked.Increment(ref removedCalls);
        table.Collected += removed;
        table.Collected += notice => kept.TrySetResult(notice);
        table.Collected -= removed;
        var handle = Gc.AddUnrooted(table, Hold.Weak);

        Gc.Collect();

        Assert.Equal(handle.Raw, (await kept.Task.WaitAsync(Patience)).Raw);
        Assert.Equal(0, Volatile.Read(ref removedCalls));
    }

    [Fact]
    public async Task Two_readers_waiting_at_once_each_get_a_notice()
    {
        using var table = Notifying();
        var first = table.Notices.ReadAsync().AsTask();
        var second = table.Notices.ReadAsync().AsTask();
        var a = Gc.AddUnrooted(table, Hold.Weak, 1);
        var b = Gc.AddUnrooted(table, Hold.Weak, 2);

        Gc.Collect();

        var read = await Task.WhenAll(first, second).WaitAsync(Patience);
        Assert.Equal(new[] { a.Raw, b.Raw }.Order(), new[] { read[0].Raw, read[1].Raw }.Order());
    }

    [Fact]
    public void A_waiting_reader_never_continues_on_the_thread_that_raises_Collected()
    {
        using var table = Notifying();
        int readerThread = 0, handlerThread = 0;
        using var readerRan = new ManualResetEventSlim();
        using var handlerRan = new ManualResetEventSlim();
        table.Notices.ReadAsync().AsTask().ContinueWith(
            _ =>
            {
                readerThread = Environment.CurrentManagedThreadId;
                readerRan.Set();
            },
            TaskContinuationOptions.ExecuteSynchronously);
        table.Collected += _ =>
        {
            handlerThread = Environment.CurrentManagedThreadId;
            readerRan.Wait(Patience); // the loop is busy here: the reader must be able to go on elsewhere
            handlerRan.Set();
        };
        Gc.AddUnrooted(table, Hold.Weak);

        Gc.Collect();

        Assert.True(handlerRan.Wait(Patience));
        Assert.True(readerRan.IsSet);
        Assert.NotEqual(handlerThread, readerThread);
    }

    [Fact]
    public void A_dropped_weak_handle_lets_go_of_its_watch_for_good()
    {
        using var table = Notifying();
        var resource = new Resource(1);
        var handle = table.Add(resource, Hold.Weak).Value();
        Assert.Equal(1, table.WatchedCount);

        table.Drop(handle).Value();
        Gc.Collect();

        Assert.Equal(0, table.WatchedCount);
        GC.KeepAlive(resource);
    }

    [Fact]
    public void A_completed_hub_watches_nothing_more_and_ignores_late_finalizers()
    {
        using var table = HandleTable.Create();
        var hub = new NoticeHub(table);
        var resource = new Resource(1);
        hub.Watch(resource, 1);
        Assert.Equal(1, hub.WatchedCount);

        hub.Complete();
        hub.Watch(new Resource(2), 2);
        hub.SentinelFinalized(1, null);

        Assert.Equal(0, hub.WatchedCount);
        Assert.True(hub.Reader.Completion.IsCompleted);
        GC.KeepAlive(resource);
    }

    [Fact]
    public async Task A_handler_that_throws_is_counted_and_the_next_notice_still_comes()
    {
        using var table = HandleTable.Create();
        var hub = new NoticeHub(table);
        hub.Published += _ => throw new InvalidOperationException("a broken handler");
        var handle = AddWatchedUnrooted(table, hub);

        Gc.Collect();

        var deadline = DateTime.UtcNow + Patience;
        while (hub.HandlerFailures == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(5);
        Assert.Equal(1, hub.HandlerFailures);
        Assert.Equal(HandleState.Collected, table.State(handle.Raw));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Handle<Resource> AddUnrooted(HandleScope scope) =>
        scope.Add(new Resource(1), Hold.Weak).Value();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Handle<Resource> AddWatchedUnrooted(HandleTable table, NoticeHub hub)
    {
        var resource = new Resource(1);
        var handle = table.Add(resource, Hold.Weak).Value();
        hub.Watch(resource, handle.Raw);
        return handle;
    }
}
