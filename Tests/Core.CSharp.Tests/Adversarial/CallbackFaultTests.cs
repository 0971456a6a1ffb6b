using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// Every callback is hostile: Collected handlers, owned resources' Dispose, OnLeaks and OnDisposeFailed
/// throw, call back into the table, block, or dispose the table. None of it may throw out of the table,
/// deadlock it, or corrupt its state.
/// </summary>
public class CallbackFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private static HandleTable NotifyingTable() =>
        HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, NotifyCollected = true }).Value();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<long> AddUnrooted(HandleTable table, int count) =>
        Enumerable.Range(0, count).Select(i => table.Add(new Resource(i), Hold.Weak).Value().Raw).ToList();

    [Fact]
    public async Task A_throwing_handler_stops_neither_the_other_handlers_nor_later_notices()
    {
        using var table = NotifyingTable();
        int seen = 0;
        table.Collected += _ => throw new InvalidOperationException("hostile");
        table.Collected += _ => Interlocked.Increment(ref seen);

        var raws = AddUnrooted(table, 10);
        Gc.Collect();
        await Until(() => Volatile.Read(ref seen) == 10);
        AddUnrooted(table, 5);
        Gc.Collect();
        await Until(() => Volatile.Read(ref seen) == 15);

        Assert.Equal(15, Volatile.Read(ref seen));
        Assert.Equal(new TableCounts(0, 0, 15, HandleTableOptions.DefaultCapacity - 15, 0), table.Counts);
        GC.KeepAlive(raws);
    }

    [Fact]
    public async Task A_handler_that_drops_what_it_is_told_about_ends_exactly_those_handles()
    {
        using var table = NotifyingTable();
        var dropped = new List<long>();
        table.Collected += notice =>
        {
            table.Drop(notice.Raw).Value();
            lock (dropped)
                dropped.Add(notice.Raw);
        };
        var kept = new Resource(99);
        var live = table.Add(kept, Hold.Weak).Value();

        var raws = AddUnrooted(table, 20);
        Gc.Collect();
        await Until(() => { lock (dropped) return dropped.Count == 20; });

        lock (dropped)
            Assert.Equal(raws.OrderBy(r => r), dropped.OrderBy(r => r));
        Assert.Equal(new TableCounts(0, 1, 0, HandleTableOptions.DefaultCapacity - 1, 0), table.Counts);
        Assert.Same(kept, table.Get(live).Value());
    }

    [Fact]
    public async Task A_handler_that_disposes_the_table_ends_everything_and_completes_the_channel()
    {
        var table = NotifyingTable();
        var notices = table.Notices;
        int calls = 0;
        table.Collected += _ =>
        {
            Interlocked.Increment(ref calls);
            table.Dispose();
        };
        var kept = table.Add(new Resource(1)).Value();

        AddUnrooted(table, 50);
        Gc.Collect();

        // The channel completes (ReadAllAsync ends) once the table is disposed and its notices are read.
        using var timeout = new CancellationTokenSource(Patience);
        int read = 0;
        await foreach (var _ in notices.ReadAllAsync(timeout.Token))
            read++;

        Assert.True(table.IsDisposed);
        table.Get(kept).FailsWith(new HandleError.Disposed(kept.Raw));

        // Every notice the event saw reached the channel, in the same number.
        Assert.Equal(Volatile.Read(ref calls), read);
        Assert.InRange(read, 1, 50);
    }

    [Fact]
    public async Task A_blocking_handler_delays_only_its_own_table()
    {
        using var blocked = NotifyingTable();
        using var other = NotifyingTable();
        using var release = new ManualResetEventSlim();
        int blockedCalls = 0, otherCalls = 0;
        blocked.Collected += _ =>
        {
            Interlocked.Increment(ref blockedCalls);
            release.Wait(Patience);
        };
        other.Collected += _ => Interlocked.Increment(ref otherCalls);

        AddUnrooted(blocked, 3);
        AddUnrooted(other, 3);
        Gc.Collect();
        await Until(() => Volatile.Read(ref otherCalls) == 3 && Volatile.Read(ref blockedCalls) == 1);

        Assert.Equal(3, Volatile.Read(ref otherCalls));
        Assert.Equal(1, Volatile.Read(ref blockedCalls)); // one handler call at a time: the rest wait their turn
        release.Set();
        await Until(() => Volatile.Read(ref blockedCalls) == 3);
        Assert.Equal(3, Volatile.Read(ref blockedCalls));
    }

    /// <summary>An owned resource whose Dispose runs arbitrary code against the table.</summary>
    private sealed class Hostile(Action<Hostile> onDispose) : IDisposable
    {
        private int _disposed;

        public int Disposed => Volatile.Read(ref _disposed);

        public void Dispose()
        {
            Interlocked.Increment(ref _disposed);
            onDispose(this);
        }
    }

    [Fact]
    public void An_owned_resource_that_disposes_the_table_while_being_dropped_disposes_everything_once()
    {
        var table = Fresh.Table();
        var bystander = new CountingDisposable();
        table.Add(bystander, ownership: Tether.Ownership.Owned).Value();
        var hostile = new Hostile(_ => table.Dispose());
        var handle = table.Add(hostile, ownership: Tether.Ownership.Owned).Value();

        var dropped = RunBounded(() => table.Drop(handle));

        Assert.True(dropped.IsSucc);
        Assert.True(table.IsDisposed);
        Assert.Equal(1, hostile.Disposed);
        Assert.Equal(1, bystander.Disposed);
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0), table.Counts);
    }

    [Fact]
    public void An_owned_resource_that_drops_other_owned_handles_while_the_table_is_disposed_disposes_each_once()
    {
        var table = Fresh.Table();
        var others = Enumerable.Range(0, 5).Select(_ => new CountingDisposable()).ToList();
        var otherHandles = others.Select(o => table.Add(o, ownership: Tether.Ownership.Owned).Value()).ToList();
        var hostile = new Hostile(_ =>
        {
            foreach (var h in otherHandles)
                table.Drop(h); // Disposed: the table already let go of them, and disposes them itself
            table.Add(new Resource(1)).FailsWith(new HandleError.Disposed(0));
        });
        table.Add(hostile, ownership: Tether.Ownership.Owned).Value();

        var closed = RunBounded(() => table.Close());

        Assert.True(closed.IsSucc);
        Assert.Equal(1, hostile.Disposed);
        Assert.All(others, o => Assert.Equal(1, o.Disposed));
    }

    [Fact]
    public void An_owned_resource_that_adds_and_drops_while_it_is_dropped_leaves_exact_counts()
    {
        using var table = Fresh.Table();
        Handle<Resource> added = default;
        var hostile = new Hostile(_ =>
        {
            added = table.Add(new Resource(1)).Value();
            var temporary = table.Add(new Resource(2)).Value();
            table.Drop(temporary).Value();
        });
        var handle = table.Add(hostile, ownership: Tether.Ownership.Owned).Value();

        Assert.True(RunBounded(() => table.Drop(handle)).IsSucc);

        Assert.Equal(1, hostile.Disposed);
        Assert.Equal(HandleState.Alive, table.State(added));
        Assert.Equal(new TableCounts(1, 0, 0, table.Capacity - 1, 0), table.Counts);
    }

    [Fact]
    public void An_OnLeaks_callback_that_calls_back_into_the_table_neither_deadlocks_nor_throws()
    {
        HandleTable? table = null;
        var seen = new List<string>();
        table = HandleTable.TryCreate(new HandleTableOptions
        {
            OnLeaks = report =>
            {
                seen.Add(report.ToString());
                table!.Add(new Resource(2)).FailsWith(new HandleError.Disposed(0));
                _ = table.Counts;
                table.Dispose();
                throw new InvalidOperationException("hostile");
            },
        }).Value();
        table.Add(new Resource(1)).Value();

        RunBounded(() => { table.Dispose(); return 0; });

        Assert.Equal(["1 x Resource"], seen);
        Assert.True(table.IsDisposed);
    }

    [Fact]
    public async Task A_late_async_disposal_failure_reaches_OnDisposeFailed_and_a_throwing_callback_is_ignored()
    {
        var failures = new List<HandleError.DisposeFailed>();
        var reported = new TaskCompletionSource();
        using var table = HandleTable.TryCreate(new HandleTableOptions
        {
            OnDisposeFailed = failure =>
            {
                lock (failures)
                    failures.Add(failure);
                reported.TrySetResult();
                throw new InvalidOperationException("hostile callback");
            },
        }).Value();
        var handle = table.Add(new LateFailingAsyncDisposable(), ownership: Tether.Ownership.Owned).Value();

        Assert.True(table.Drop(handle).IsSucc); // the drop does not wait for DisposeAsync
        var done = await Task.WhenAny(reported.Task, Task.Delay(Patience));

        Assert.Same(reported.Task, done);
        var failure = Assert.Single(failures);
        Assert.Equal(handle.Raw, failure.Raw);
        Assert.Equal("late", failure.Thrown.Message);
    }

    private sealed class LateFailingAsyncDisposable : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Task.Delay(10);
            throw new InvalidOperationException("late");
        }
    }

    private static T RunBounded<T>(Func<T> work)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(Patience), "the call did not return: deadlock");
        return task.Result;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(5);
    }
}
