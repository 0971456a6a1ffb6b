using System;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// A drop refuses a stale value before the lane lock (SlotTable.TryEnd): it must never refuse a current handle its
/// owner drops, never end a handle through another value (a stale, forged or other table's one), and the counts
/// stay exact while slots are reused, pages grow and lanes are shared.
/// </summary>
public class StaleDropRaceTests
{
    [Fact]
    public void Stale_forged_and_foreign_drops_racing_adds_drops_and_reuse_end_nothing_and_every_owner_drop_succeeds()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4096, LanesOverride = 4 }).Value();
        using var other = HandleTable.Create();
        long foreign = other.Add(new Resource(-1)).Value().Raw;
        const int Rounds = 60_000;
        var seen = new long[256]; // values the owners have dropped, for the hostile thread to present again
        int ownerRefused = 0, hostileEnded = 0, stop = 0;

        void Owner(int id)
        {
            var random = new Random(id);
            var mine = new Handle<Resource>[32];
            for (int i = 0; i < Rounds; i++)
            {
                int at = random.Next(mine.Length);
                if (mine[at].Raw != 0)
                {
                    if (table.Drop(mine[at]).IsFail)
                        Interlocked.Increment(ref ownerRefused);
                    Volatile.Write(ref seen[random.Next(seen.Length)], mine[at].Raw);
                    mine[at] = default;
                }
                else
                {
                    mine[at] = table.Add(new Resource(i), random.Next(2) == 0 ? Hold.Strong : Hold.Weak).Value();
                }
            }

            foreach (var handle in mine)
            {
                if (handle.Raw != 0 && table.Drop(handle).IsFail)
                    Interlocked.Increment(ref ownerRefused);
            }
        }

        void Hostile()
        {
            var random = new Random(99);
            while (Volatile.Read(ref stop) == 0)
            {
                long stale = Volatile.Read(ref seen[random.Next(seen.Length)]);
                // (A neighbouring generation or slot could be a current handle: values are checked, not secret.)
                long value = random.Next(3) switch
                {
                    0 => stale,
                    1 => foreign,
                    _ => (stale & ~HandleLayout.IndexMask) | (uint)random.Next(1 << 16, 1 << 24), // a page never grown
                };
                if (table.DropCode(value) == GuestCode.Ok)
                    Interlocked.Increment(ref hostileEnded);
            }
        }

        var hostile = Threads.Start(Hostile);
        Threads.RunAll(() => Owner(1), () => Owner(2), () => Owner(3));
        Volatile.Write(ref stop, 1);
        hostile.Join();

        Assert.True(ownerRefused == 0, $"{ownerRefused} drops of current handles were refused");
        Assert.True(hostileEnded == 0, $"{hostileEnded} stale, foreign or forged values ended a handle");
        Assert.Equal(0, table.Counts.Live);
    }
}
