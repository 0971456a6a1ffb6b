using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// Threads that are interrupted again and again while they add, drop, loosen, tighten, take and close scopes
/// on a multi-lane table: no table member throws, the table holds exactly the handles the threads hold, owned
/// resources are disposed exactly once, and every weak handle whose resource is let go is noticed once.
/// </summary>
[Collection(nameof(Tether.Tests.Table.FinalizerCycleTests))] // collects, and counts notices of its own table only
public class InterruptStormTests
{
    private const int Workers = 4;
    private const int Rounds = 3;
    private static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(1.5);

    /// <summary>A handle a worker still holds, with the resource it keeps alive (weak handles' resources too).</summary>
    private sealed record Held(Handle<object> Handle, object Resource, bool Owned, HandleScope? Scope);

    private sealed class Worker
    {
        public readonly List<Held> Held = [];
        public readonly List<CountingDisposable> Released = []; // owned resources whose handle this worker ended
        public readonly List<CountingDisposable> Kept = [];     // owned resources taken back (not disposed)
        public readonly List<HandleScope> Scopes = [];
        public readonly ConcurrentQueue<Exception> Escaped;
        public readonly Random Random;
        public Thread? Thread;

        public Worker(int seed, ConcurrentQueue<Exception> escaped)
        {
            Random = new Random(seed);
            Escaped = escaped;
        }
    }

    [Fact]
    public void Interrupted_threads_leave_the_table_consistent_and_no_member_throws()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 65_536, LanesOverride = 4, NotifyCollected = true }).Value();
        var noticed = new ConcurrentDictionary<long, int>();
        table.Collected += notice => noticed.AddOrUpdate(notice.Raw, 1, (_, n) => n + 1);
        var escaped = new ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, Workers).Select(i => new Worker(1000 + i, escaped)).ToArray();
        long interrupts = 0;

        for (int round = 0; round < Rounds; round++)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(RoundLength.TotalSeconds * Stopwatch.Frequency);
            foreach (var worker in workers)
            {
                worker.Thread = new Thread(() => Work(table, worker, deadline)) { IsBackground = true };
                worker.Thread.Start();
            }

            var driver = new Thread(() =>
            {
                while (workers.Any(w => w.Thread!.IsAlive))
                {
                    foreach (var worker in workers)
                    {
                        worker.Thread!.Interrupt();
                        interrupts++;
                    }

                    Thread.Yield();
                }
            }) { IsBackground = true };
            driver.Start();
            foreach (var worker in workers)
                Assert.True(worker.Thread!.Join(TimeSpan.FromSeconds(20)), "a worker never finished");
            driver.Join();

            Assert.True(escaped.IsEmpty, $"{escaped.Count} exceptions escaped the table, the first: {escaped.FirstOrDefault()}");
            Assert.Equal(workers.Sum(w => w.Held.Count), table.Counts.Live);
            foreach (var worker in workers)
            {
                Assert.All(worker.Released, r => Assert.Equal(1, r.Disposed));
                Assert.All(worker.Kept, r => Assert.Equal(0, r.Disposed));
                Assert.All(worker.Held.Where(h => h.Owned), h => Assert.Equal(0, ((CountingDisposable)h.Resource).Disposed));
            }
        }

        Assert.True(interrupts > 0);

        // The end: every strong handle is dropped, every scope closed; weak handles stay, and their resources are let go.
        var letGo = LetGo(table, workers);
        Assert.Equal(letGo.Count, table.Counts.Live);
        Assert.True(letGo.Count == table.WatchedCount, $"{letGo.Count} weak handles, {table.WatchedCount} watched");
        Gc.Collect();
        var until = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency;
        while (noticed.Count < letGo.Count && Stopwatch.GetTimestamp() < until)
        {
            Gc.Collect();
            Thread.Sleep(20);
        }

        Thread.Sleep(200); // a duplicate notice would come now
        var missing = letGo.Except(noticed.Keys).Select(raw => $"{raw}: {table.State(raw)}").ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} of {letGo.Count} weak handles never noticed: {string.Join(", ", missing.Take(5))}");
        Assert.Equal(letGo.OrderBy(r => r), noticed.Keys.OrderBy(r => r));
        Assert.All(noticed, entry => Assert.Equal(1, entry.Value));
        Assert.Equal(letGo.Count, table.Counts.Collected);
    }

    /// <summary>
    /// Closes every scope and drops every strong handle; keeps the weak ones and forgets their resources. Not
    /// inlined, so no local of the test keeps a weak resource alive. Gives the weak handles let go.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static HashSet<long> LetGo(HandleTable table, Worker[] workers)
    {
        var letGo = new HashSet<long>();
        foreach (var worker in workers)
        {
            foreach (var scope in worker.Scopes)
                Assert.True(scope.Close().IsSucc);
            foreach (var held in worker.Held.Where(h => h.Scope is null || !h.Scope.IsDisposed))
            {
                if (table.HoldOf(held.Handle).Case is Hold.Weak)
                    letGo.Add(held.Handle.Raw);
                else
                    Assert.True(table.Drop(held.Handle).IsSucc);
            }

            foreach (var held in worker.Held.Where(h => h.Owned))
                Assert.Equal(1, ((CountingDisposable)held.Resource).Disposed);
            worker.Held.Clear();
        }

        return letGo;
    }

    /// <summary>One worker's round: random changes until the deadline; any exception a member throws is recorded.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Work(HandleTable table, Worker worker, long deadline)
    {
        var random = worker.Random;
        int id = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                Step(table, worker, random, ref id);
            }
            catch (Exception e)
            {
                worker.Escaped.Enqueue(e);
                if (worker.Escaped.Count > 20)
                    return;
            }
        }
    }

    private static void Step(HandleTable table, Worker worker, Random random, ref int id)
    {
        var held = worker.Held;
        int pick = held.Count == 0 ? 0 : random.Next(held.Count);
        switch (random.Next(held.Count > 2_000 ? 4 : 0, 12))
        {
            case 0:
            case 1:
                Add(table, null, worker, random, ++id);
                break;
            case 2:
                if (worker.Scopes.Count < 8)
                    worker.Scopes.Add(random.Next(3) == 0 && worker.Scopes.Count > 0
                        ? worker.Scopes[random.Next(worker.Scopes.Count)].OpenScope()
                        : table.OpenScope());
                else
                    Add(table, worker.Scopes[random.Next(worker.Scopes.Count)], worker, random, ++id);
                break;
            case 3:
                if (worker.Scopes.Count > 0)
                    Add(table, worker.Scopes[random.Next(worker.Scopes.Count)], worker, random, ++id);
                break;
            case 4:
            case 5:
                if (held.Count > 0)
                {
                    var drop = held[pick];
                    Assert.True(table.Drop(drop.Handle).IsSucc, "a held handle could not be dropped");
                    Remove(held, pick);
                    if (drop.Owned)
                        worker.Released.Add((CountingDisposable)drop.Resource);
                }

                break;
            case 6:
                if (held.Count > 0)
                {
                    var take = held[pick];
                    Assert.Same(take.Resource, table.Take(take.Handle).Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message)));
                    Remove(held, pick);
                    if (take.Owned)
                        worker.Kept.Add((CountingDisposable)take.Resource);
                }

                break;
            case 7:
            case 8:
                if (held.Count > 0)
                {
                    var loosen = held[pick];
                    var loosened = table.Loosen(loosen.Handle);
                    Assert.True(loosen.Owned ? loosened.IsFail : loosened.IsSucc, "loosen answered the wrong thing");
                }

                break;
            case 9:
                if (held.Count > 0)
                    Assert.True(table.Tighten(held[pick].Handle).IsSucc, "a held handle could not be tightened");
                break;
            case 10:
                if (worker.Scopes.Count > 0)
                {
                    int at = random.Next(worker.Scopes.Count);
                    var scope = worker.Scopes[at];
                    Assert.True(scope.Close().IsSucc);
                    // Its handles and those of the scopes inside it ended: forget them, with their scopes.
                    for (int i = held.Count - 1; i >= 0; i--)
                    {
                        if (held[i].Scope is { IsDisposed: true })
                        {
                            if (held[i].Owned)
                                worker.Released.Add((CountingDisposable)held[i].Resource);
                            Remove(held, i);
                        }
                    }

                    worker.Scopes.RemoveAll(s => s.IsDisposed);
                }

                break;
            default:
                _ = table.Counts;
                break;
        }
    }

    private static void Add(HandleTable table, HandleScope? scope, Worker worker, Random random, int id)
    {
        bool owned = random.Next(3) == 0;
        object resource = owned ? new CountingDisposable() : new Resource(id);
        var hold = !owned && random.Next(2) == 0 ? Hold.Weak : Hold.Strong;
        var ownership = owned ? Tether.Ownership.Owned : Tether.Ownership.Borrowed;
        var added = scope is null ? table.Add(resource, hold, ownership) : scope.Add(resource, hold, ownership);
        if (added.IsFail && scope is not null && scope.IsDisposed)
            return; // closed by a parent's close: not this worker's scope to add to any more
        worker.Held.Add(new Held(added.Match(h => h, e => throw new Xunit.Sdk.XunitException($"add failed: {e}")), resource, owned, scope));
    }

    private static void Remove(List<Held> held, int at)
    {
        held[at] = held[^1];
        held.RemoveAt(held.Count - 1);
    }
}
