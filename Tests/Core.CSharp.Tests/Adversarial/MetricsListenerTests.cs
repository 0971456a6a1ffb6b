using System;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// A <see cref="MeterListener"/> is user code. Whatever its callback does (throw, call back into
/// the table, wait for another thread that uses the table), the table's members must not throw, must not
/// end a handle twice, and must not deadlock.
/// </summary>
// The meter is process-wide: this class runs alone.
[Collection(nameof(MetricsListenerTests))]
[CollectionDefinition(nameof(MetricsListenerTests), DisableParallelization = true)]
public class MetricsListenerTests
{
    private const int Capacity = 8;

    private static HandleTable NotifyingTable(SlotPolicy policy = SlotPolicy.Tombstone) =>
        HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = Capacity, NotifyCollected = true, SlotPolicy = policy }).Value();

    /// <summary>Listens to the Tether meter; the callback sees every measurement, from any thread.</summary>
    private static MeterListener Listen(MeasurementCallback<long> callback)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TetherMeter.Name)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback(callback);
        listener.Start();
        return listener;
    }

    /// <summary>A listener that throws on every measurement made on the calling thread (so other tests are unaffected).</summary>
    private static MeterListener ThrowingListener()
    {
        int thread = Environment.CurrentManagedThreadId;
        return Listen((_, _, _, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
                throw new InvalidOperationException("a broken listener");
        });
    }

    [Fact]
    public void Add_neither_throws_nor_loses_the_handle_when_a_listener_throws()
    {
        using var table = NotifyingTable();
        var resource = new Resource(1);
        Fin<Handle<Resource>> added = default;

        using (ThrowingListener())
        {
            Assert.Null(Record.Exception(() => added = table.Add(resource)));
            Assert.Null(Record.Exception(() => table.Add(new Resource(2)).Value()));
        }

        Assert.Same(resource, table.Get(added.Value()).Value());
        Assert.Equal(new TableCounts(2, 0, 0, Capacity - 2, 0), table.Counts);
    }

    [Fact]
    public void Drop_neither_throws_nor_leaks_the_slot_when_a_listener_throws()
    {
        using var table = NotifyingTable();
        var handle = table.Add(new Resource(1)).Value();
        Fin<Unit> dropped = default;

        using (ThrowingListener())
        {
            Assert.Null(Record.Exception(() => dropped = table.Drop(handle)));
            Assert.True(dropped.IsSucc);
            Assert.Equal(new TableCounts(0, 0, 0, Capacity, 0), table.Counts);

            // The freed slot is the next one issued, as it is without a listener.
            Fin<Handle<Resource>> next = default;
            Assert.Null(Record.Exception(() => next = table.Add(new Resource(2))));
            Assert.Equal(handle.Raw & 0xFF_FFFF, next.Value().Raw & 0xFF_FFFF);
        }

        Assert.Equal(new TableCounts(1, 0, 0, Capacity - 1, 0), table.Counts);
        table.Get(handle).FailsWith(new HandleError.Dropped(handle.Raw));
    }

    [Fact]
    public async Task Dispose_neither_throws_nor_leaves_the_table_half_ended_when_a_listener_throws()
    {
        var table = NotifyingTable();
        var kept = new Resource(2);
        var strong = table.Add(new Resource(1)).Value();
        var weak = table.Add(kept, Hold.Weak).Value();

        using (ThrowingListener())
            Assert.Null(Record.Exception(table.Dispose));

        Assert.True(table.IsDisposed);
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0), table.Counts);
        Assert.Equal(HandleState.Dropped, table.State(strong));
        Assert.Equal(HandleState.Dropped, table.State(weak));
        var completed = await Task.WhenAny(table.Notices.Completion, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(table.Notices.Completion, completed);
        GC.KeepAlive(kept);
    }

    [Fact]
    public async Task Close_neither_throws_nor_fails_when_a_listener_throws()
    {
        var table = NotifyingTable();
        var owned = new CountingDisposable();
        table.Add(new Resource(1)).Value();
        table.Add(owned, Hold.Strong, Tether.Ownership.Owned).Value();
        Fin<Unit> closed = default;

        using (ThrowingListener())
            Assert.Null(Record.Exception(() => closed = table.Close()));

        Assert.True(closed.IsSucc);
        Assert.Equal(1, owned.Disposed);
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0), table.Counts);
        var completed = await Task.WhenAny(table.Notices.Completion, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(table.Notices.Completion, completed);
    }

    [Fact]
    public async Task A_listener_that_drops_the_handle_being_reclaimed_does_not_end_it_twice()
    {
        using var table = NotifyingTable(SlotPolicy.Reclaim);
        var handle = Gc.AddUnrooted(table, Hold.Weak);
        int fired = 0;
        Fin<Unit> listenerDrop = default;

        using (Listen((instrument, _, _, _) =>
               {
                   // Only once our resource has been collected; any table's measurement can get here.
                   if (instrument.Name is "tether.handles.collected" or "tether.handles.dropped"
                       && table.State(handle.Raw) == HandleState.Collected
                       && Interlocked.Exchange(ref fired, 1) == 0)
                       listenerDrop = table.Drop(handle.Raw);
               }))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var notice = table.Notices.ReadAsync(timeout.Token).AsTask();
            Gc.Collect();
            Assert.Equal(handle.Raw, (await notice).Raw);
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref fired) == 1, TimeSpan.FromSeconds(5)));
        }

        var first = new Resource(1);
        var second = new Resource(2);
        var a = table.Add(first).Value();
        var b = table.Add(second).Value();

        Assert.NotEqual(a.Raw & 0xFF_FFFF, b.Raw & 0xFF_FFFF);
        Assert.Same(first, table.Get(a).Value());
        Assert.Same(second, table.Get(b).Value());
        Assert.Equal(new TableCounts(2, 0, 0, Capacity - 2, 0), table.Counts);
    }

    [Fact]
    public void A_listener_that_waits_for_a_thread_using_the_table_does_not_deadlock()
    {
        using var table = NotifyingTable();
        var handle = table.Add(new Resource(1)).Value();
        int dropper = 0;
        int fired = 0;
        bool helperFinished = false;

        using var listener = Listen((instrument, _, _, _) =>
        {
            if (Environment.CurrentManagedThreadId != Volatile.Read(ref dropper) || Interlocked.Exchange(ref fired, 1) != 0)
                return;
            var helper = Threads.Start(() =>
            {
                _ = table.Counts;
                table.Add(new Resource(2)).Value();
            });
            helperFinished = helper.Join(TimeSpan.FromSeconds(3));
        });

        var dropping = Threads.Start(() =>
        {
            Volatile.Write(ref dropper, Environment.CurrentManagedThreadId);
            table.Drop(handle).Value();
        });

        Assert.True(dropping.Join(TimeSpan.FromSeconds(5)), "Drop did not return");
        Assert.Equal(1, fired);
        Assert.True(helperFinished, "a thread calling Counts and Add while the listener ran was blocked until the listener gave up");
        Assert.Equal(new TableCounts(1, 0, 0, Capacity - 1, 0), table.Counts);
    }
}
