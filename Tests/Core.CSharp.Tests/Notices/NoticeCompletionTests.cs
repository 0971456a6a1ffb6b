using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Notices;

/// <summary>
/// The notice channel completes soon after Dispose, whatever the table was doing when it came, and however busy
/// the thread pool is. Every round keeps the pool's threads busy (as a loaded server's are), so this class runs
/// alone.
/// </summary>
[Collection(nameof(NoticeCompletionTests))]
[CollectionDefinition(nameof(NoticeCompletionTests), DisableParallelization = true)]
public class NoticeCompletionTests
{
    private const int Rounds = 1_000;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_notice_channel_completes_within_a_second_of_a_Dispose_that_races_adds_drops_collections_and_owned_disposals()
    {
        var late = new List<string>();
        int rounds = 0;
        // Stops after ten late rounds: each costs the full second, and ten say enough.
        for (; rounds < Rounds && late.Count < 10; rounds++)
        {
            using var busy = BusyPool.Occupy();
            if (RaceOnce(rounds) is { } problem)
                late.Add(problem);
        }

        Assert.True(late.Count == 0, $"{late.Count} of {rounds} rounds: " + string.Join("; ", late.GetRange(0, Math.Min(5, late.Count))));
    }

    private static string? RaceOnce(int round)
    {
        var table = HandleTable.TryCreate(new HandleTableOptions
        {
            NotifyCollected = true,
            SlotPolicy = round % 2 == 0 ? SlotPolicy.Tombstone : SlotPolicy.Reclaim,
            Capacity = 1_024,
        }).Value();
        var notices = table.Notices;
        // Read on a thread of its own, polling: the pool is busy, and a notice left unread keeps the channel open.
        var reading = Threads.Start(() =>
        {
            var deadline = Stopwatch.StartNew();
            while (!notices.Completion.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                while (notices.TryRead(out _))
                {
                }

                Thread.Sleep(1);
            }
        });
        table.Collected += notice => table.Drop(notice.Raw);

        int started = 0;
        var stop = new CancellationTokenSource();
        var workers = new[]
        {
            Threads.Start(() => Work(table, ref started, stop.Token, AddAndDropWeak)),
            Threads.Start(() => Work(table, ref started, stop.Token, AddAndDropOwned)),
            Threads.Start(() => Work(table, ref started, stop.Token, _ => Gc.Collect())),
        };
        while (Volatile.Read(ref started) < workers.Length)
            Thread.Yield();
        Thread.SpinWait(Random.Shared.Next(0, 20_000));

        table.Dispose();
        var disposed = Stopwatch.StartNew();
        while (!notices.Completion.IsCompleted && disposed.Elapsed < Within)
            Thread.Sleep(1);
        bool completed = notices.Completion.IsCompleted;
        var waited = disposed.Elapsed;

        stop.Cancel();
        foreach (var worker in workers)
            worker.Join();
        reading.Join();
        return completed ? null : $"round {round}: not complete {waited.TotalMilliseconds:F0} ms after Dispose";
    }

    private static void Work(HandleTable table, ref int started, CancellationToken stop, Action<HandleTable> step)
    {
        Interlocked.Increment(ref started);
        // A few steps after Dispose too: adds, drops and collections that arrive late race the completion as well.
        int after = 0;
        while (!stop.IsCancellationRequested && (!table.IsDisposed || after++ < 3))
            step(table);
    }

    private static void AddAndDropWeak(HandleTable table)
    {
        for (int i = 0; i < 16; i++)
        {
            var handle = Gc.AddUnrootedOrNone(table, Hold.Weak, i);
            if (i % 3 == 0 && handle != 0)
                table.Drop(handle);
        }
    }

    private static void AddAndDropOwned(HandleTable table)
    {
        var owned = table.Add(new CountingDisposable(), Hold.Strong, Tether.Ownership.Owned);
        if (owned.IsSucc)
            table.Drop(owned.Map(h => h.Raw).IfFail(0));
    }

    /// <summary>Keeps every thread of the pool busy until disposed (and one more work item queued behind them).</summary>
    private sealed class BusyPool : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private int _busy;

        public static BusyPool Occupy()
        {
            var pool = new BusyPool();
            int threads = ThreadPool.ThreadCount;
            for (int i = 0; i <= threads; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(
                    static p =>
                    {
                        Interlocked.Increment(ref p._busy);
                        p._release.Wait();
                    },
                    pool,
                    preferLocal: false);
            }

            // The thread running this test may be one of the pool's own: all but one busy is all of them then.
            var waited = Stopwatch.StartNew();
            while (Volatile.Read(ref pool._busy) < threads - 1 && waited.ElapsedMilliseconds < 100)
                Thread.Sleep(1);
            return pool;
        }

        public void Dispose() => _release.Set();
    }
}
