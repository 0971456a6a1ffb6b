using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Ownership;

/// <summary>Owned adds, drops, takes, scope closes and a disposal, with a thread acting on guessed raw values.</summary>
public class HostileOwnershipTests
{
    /// <summary>
    /// Promises: every owned resource is disposed exactly once unless Take handed it back (then never); Loosen
    /// never weakens an owned handle; no public member throws.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Owned_resources_are_disposed_exactly_once_or_taken_under_hostile_guessing(bool scopes)
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4 }).Value();
        var all = new ConcurrentQueue<CountingDisposable>();
        var taken = new ConcurrentDictionary<CountingDisposable, int>(ReferenceEqualityComparer.Instance);
        var guesses = new long[8];
        int loosened = 0;
        HandleScope? scope = null;

        void Guess(long raw)
        {
            for (int i = 0; i < guesses.Length; i++)
                Volatile.Write(ref guesses[i], Predict.NextOf(table, raw) + 0 * i);
        }

        var failure = Bounded.Run(
            Bounded.Time(2),
            stop =>
            {
                var rng = new Random(1);
                while (!stop())
                {
                    var r = new CountingDisposable();
                    var current = Volatile.Read(ref scope);
                    var added = scopes && current is not null
                        ? current.Add(r, Hold.Strong, Tether.Ownership.Owned)
                        : table.Add(r, Hold.Strong, Tether.Ownership.Owned);
                    if (added.IsFail)
                    {
                        if (r.Disposed != 0)
                            return $"a failed add ({added.Error().Message}) disposed its resource";
                        continue;
                    }

                    var h = added.Value();
                    all.Enqueue(r);
                    Guess(h.Raw);
                    var hold = table.HoldOf(h);
                    if (hold.IsSucc && hold.Value() == Hold.Weak)
                        return "an owned handle is weak";
                    switch (rng.Next(3))
                    {
                        case 0:
                            table.Drop(h);
                            break;
                        case 1:
                            if (table.Take(h) is { IsSucc: true } t)
                                taken.TryAdd(t.Value(), 0);
                            break;
                        default:
                            if (table.Loosen(h).IsSucc)
                                return "Loosen of an owned handle succeeded";
                            if (rng.Next(4) == 0)
                                table.Drop(h);
                            break;
                    }
                }

                return null;
            },
            stop =>
            {
                var rng = new Random(2);
                while (!stop())
                {
                    long raw = Volatile.Read(ref guesses[rng.Next(guesses.Length)]);
                    if (raw == 0)
                        continue;
                    switch (rng.Next(4))
                    {
                        case 0:
                            table.Drop(raw);
                            break;
                        case 1:
                            if (table.Resolve<CountingDisposable>(raw) is { IsSucc: true } h && table.Take(h.Value()) is { IsSucc: true } t)
                                taken.TryAdd(t.Value(), 0);
                            break;
                        case 2:
                            if (table.Loosen(raw).IsSucc)
                                Interlocked.Increment(ref loosened);
                            break;
                        default:
                            if (table.Resolve<CountingDisposable>(raw) is { IsSucc: true } h2 && table.Drop(h2.Value()).IsFail)
                            {
                            }

                            break;
                    }
                }

                return null;
            },
            stop =>
            {
                while (!stop())
                {
                    if (!scopes)
                    {
                        Thread.Sleep(1);
                        continue;
                    }

                    var s = table.OpenScope();
                    if (s.IsDisposed)
                        continue;
                    Volatile.Write(ref scope, s);
                    Thread.SpinWait(200);
                    s.Close();
                }

                return null;
            });

        table.Dispose();
        Assert.Null(failure);
        var problems = new List<string>();
        if (loosened > 0)
            problems.Add($"{loosened} hostile Loosen calls on owned handles succeeded");
        int n = 0;
        foreach (var r in all)
        {
            n++;
            bool wasTaken = taken.ContainsKey(r);
            if (wasTaken && r.Disposed != 0)
                problems.Add($"a taken resource was disposed {r.Disposed} times");
            if (!wasTaken && r.Disposed != 1 && problems.Count < 5)
                problems.Add($"a resource that was never taken was disposed {r.Disposed} times");
        }

        Assert.True(problems.Count == 0, $"{n} resources: " + string.Join("; ", problems));
    }
}
