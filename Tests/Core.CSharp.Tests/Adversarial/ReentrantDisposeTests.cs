#pragma warning disable xUnit1031 // bounded waits on purpose: every test must stop by itself
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>An owned resource whose Dispose calls back into its table.</summary>
public sealed class Meddler(Action<Meddler> onDispose) : IDisposable
{
    public int Disposed;

    public void Dispose()
    {
        if (Interlocked.Increment(ref Disposed) == 1)
            onDispose(this);
    }
}

public class ReentrantDisposeTests
{
    [ThreadStatic]
    private static bool Mine;

    /// <summary>An owned resource whose Dispose blocks until released.</summary>
    private sealed class Blocking(ManualResetEventSlim gate) : IDisposable
    {
        public int Disposed;

        public void Dispose()
        {
            gate.Wait(TimeSpan.FromSeconds(2));
            Interlocked.Increment(ref Disposed);
        }
    }

    /// <summary>
    /// Only the first Dispose disposes the owned resources and waits for them; one that races it returns at
    /// once (documented on Dispose): waiting there could deadlock a callback that disposes the table while
    /// the first Dispose waits on that callback. The owned resource is still disposed exactly once.
    /// </summary>
    [Fact]
    public void A_Dispose_racing_a_slow_first_Dispose_returns_at_once_and_the_first_disposes_each_owned_resource_once()
    {
        using var gate = new ManualResetEventSlim();
        var table = HandleTable.Create();
        var slow = new Blocking(gate);
        table.Add(slow, Hold.Strong, Tether.Ownership.Owned).Value();

        var first = Task.Run(table.Dispose);
        var spin = DateTime.UtcNow.AddSeconds(1);
        while (!table.IsDisposed && DateTime.UtcNow < spin)
            Thread.Yield();
        Thread.Sleep(50); // the first Dispose is now inside slow.Dispose()

        // A thread of its own: a thread-pool task may not even start on a loaded machine.
        var second = new Thread(table.Dispose) { IsBackground = true };
        second.Start();
        Assert.True(second.Join(TimeSpan.FromSeconds(1.5)), "the second Dispose waited for the first");
        Assert.Equal(0, Volatile.Read(ref slow.Disposed));
        gate.Set();
        Assert.True(first.Wait(TimeSpan.FromSeconds(3)), "hang");
        Assert.Equal(1, slow.Disposed);
    }

    [Fact]
    public void An_owned_Dispose_that_disposes_the_table_and_drops_other_handles_disposes_each_resource_once()
    {
        var table = HandleTable.Create();
        var plain = new List<CountingDisposable>();
        for (int i = 0; i < 10; i++)
        {
            var r = new CountingDisposable();
            plain.Add(r);
            table.Add(r, Hold.Strong, Tether.Ownership.Owned).Value();
        }

        var handles = new List<Handle<CountingDisposable>>();
        var meddler = new Meddler(_ =>
        {
            foreach (var h in handles)
                table.Drop(h);
            table.Dispose();
            table.Add(new CountingDisposable(), Hold.Strong, Tether.Ownership.Owned);
        });
        var mh = table.Add(meddler, Hold.Strong, Tether.Ownership.Owned).Value();
        for (int i = 0; i < 5; i++)
        {
            var r = new CountingDisposable();
            plain.Add(r);
            handles.Add(table.Add(r, Hold.Strong, Tether.Ownership.Owned).Value());
        }

        var task = Task.Run(() => table.Drop(mh));
        Assert.True(task.Wait(TimeSpan.FromSeconds(3)), "hang");
        Assert.True(task.Result.IsSucc);
        Assert.True(table.IsDisposed);
        Assert.Equal(1, meddler.Disposed);
        Assert.All(plain, r => Assert.Equal(1, r.Disposed));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void A_Collected_handler_that_disposes_the_table_gets_each_notice_once_and_the_channel_agrees()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var reader = table.Notices;
        var seen = new ConcurrentQueue<long>();
        int concurrent = 0, overlap = 0;
        table.Collected += n =>
        {
            if (Interlocked.Increment(ref concurrent) > 1)
                Interlocked.Increment(ref overlap);
            seen.Enqueue(n.Raw);
            table.Dispose();
            table.Drop(n.Raw);
            Interlocked.Decrement(ref concurrent);
        };
        for (int i = 0; i < 200; i++)
            Gc.AddUnrooted(table, Hold.Weak, i);
        Gc.Collect();

        var drained = Task.Run(async () =>
        {
            var all = new List<long>();
            await foreach (var n in reader.ReadAllAsync())
                all.Add(n.Raw);
            return all;
        });
        Assert.True(drained.Wait(TimeSpan.FromSeconds(3)), "the channel never completed");
        Assert.Equal(0, overlap);
        Assert.Equal(seen.Count, new HashSet<long>(seen).Count);
        Assert.Equal(seen, drained.Result);
    }

    /// <summary>A metrics listener that re-enters the table on every measurement, including in the middle of Dispose.</summary>
    [Fact]
    public void A_metrics_listener_that_adds_drops_and_disposes_mid_dispose_breaks_nothing()
    {
        var table = HandleTable.Create();
        var owned = new List<CountingDisposable>();
        int depth = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == TetherMeter.Name)
                l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, state) =>
        {
            // The listener is process-wide: act only on this test's own threads.
            if (!Mine)
                return;
            if (Interlocked.Increment(ref depth) > 3)
            {
                Interlocked.Decrement(ref depth);
                return;
            }

            try
            {
                var r = new CountingDisposable();
                var added = table.Add(r, Hold.Strong, Tether.Ownership.Owned);
                if (added.IsSucc)
                {
                    lock (owned)
                        owned.Add(r);
                }

                table.Drop(Predict.NextOf(table, 1L << 45));
                if (i.Name == "tether.handles.dropped")
                    table.Dispose();
                throw new InvalidOperationException("listener");
            }
            finally
            {
                Interlocked.Decrement(ref depth);
            }
        });
        listener.Start();

        Mine = true;
        try
        {
            for (int i = 0; i < 5; i++)
            {
                var r = new CountingDisposable();
                lock (owned)
                    owned.Add(r);
                table.Add(r, Hold.Strong, Tether.Ownership.Owned);
            }
        }
        finally
        {
            Mine = false;
        }

        var t = Task.Run(() =>
        {
            Mine = true;
            try
            {
                table.Dispose();
            }
            finally
            {
                Mine = false;
            }
        });
        Assert.True(t.Wait(TimeSpan.FromSeconds(3)), "hang");
        listener.Dispose();
        Assert.True(table.IsDisposed);
        lock (owned)
            Assert.All(owned, r => Assert.Equal(1, r.Disposed));
        Assert.Equal(0, table.Counts.Live);
    }

    /// <summary>
    /// A weak handle loosened and tightened by racing threads, left weak: once its resource is collected it
    /// must get its notice (the Tighten/Loosen watch-unwatch-recheck dance).
    /// </summary>
    [Fact]
    public void A_handle_left_weak_after_racing_Loosen_and_Tighten_gets_its_notice()
    {
        var deadline = DateTime.UtcNow.AddSeconds(2.5);
        int rounds = 0;
        while (DateTime.UtcNow < deadline && rounds < 40)
        {
            rounds++;
            using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
            var notices = new ConcurrentQueue<long>();
            table.Collected += n => notices.Enqueue(n.Raw);
            long raw = Race(table);
            Assert.Equal(Hold.Weak, table.HoldOf(table.Resolve<Resource>(raw).Value()).Value());
            // Generous: the notice loop is a thread-pool work item, and a loaded machine (CI, mutation runs)
            // can starve the pool for a while. A missing watch would fail however long this waits.
            var wait = DateTime.UtcNow.AddSeconds(5);
            while (notices.IsEmpty && DateTime.UtcNow < wait)
            {
                Gc.Collect();
                Thread.Sleep(5);
            }

            Assert.True(notices.Count == 1, $"round {rounds}: {notices.Count} notices, state {table.State(raw)}, watched {table.WatchedCount}");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Race(HandleTable table)
    {
        var handle = table.Add(new Resource(1), Hold.Strong).Value();
        Threads.RunAll(
            () => { for (int i = 0; i < 2000; i++) table.Loosen(handle); },
            () => { for (int i = 0; i < 2000; i++) table.Tighten(handle); },
            () => { for (int i = 0; i < 2000; i++) table.Loosen(handle); });
        table.Loosen(handle).Value();
        return handle.Raw;
    }
}
