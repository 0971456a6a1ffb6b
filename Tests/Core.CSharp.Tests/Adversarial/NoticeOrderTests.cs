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
/// Notices are published one at a time, in one order, to the channel and the event alike; a
/// notice the event saw is one the channel delivered; and the channel buffers only for a reader.
/// </summary>
public class NoticeOrderTests
{
    private const int Count = 2000;

    private static HandleTable NotifyingTable() =>
        HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();

    /// <summary>Adds resources weakly; only the returned array keeps them alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Resource[] AddGroup(HandleTable table, int count, HashSet<long> raws)
    {
        var group = new Resource[count];
        for (int i = 0; i < count; i++)
        {
            group[i] = new Resource(i);
            raws.Add(table.Add(group[i], Hold.Weak).Value().Raw);
        }

        return group;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<Resource[]?> AddGroups(HandleTable table, int groups, int count, HashSet<long> raws)
    {
        var added = new List<Resource[]?>(groups);
        for (int g = 0; g < groups; g++)
            added.Add(AddGroup(table, count, raws));
        return added;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static HashSet<long> AddUnrooted(HandleTable table, int count)
    {
        var raws = new HashSet<long>();
        for (int i = 0; i < count; i++)
            raws.Add(Gc.AddUnrooted(table, Hold.Weak, i).Raw);
        return raws;
    }

    /// <summary>What the event and the channel saw of one burst of collections.</summary>
    private sealed class Observed
    {
        public readonly List<long> Handled = [];
        public readonly List<long> Read = [];
        public int Inside;
        public int MostInside;
    }

    private static async Task<Observed> ObserveBurst()
    {
        using var table = NotifyingTable();
        var observed = new Observed();
        int calls = 0;
        var firstEntered = new ManualResetEventSlim();
        var laterEntered = new ManualResetEventSlim();
        table.Collected += notice =>
        {
            int inside = Interlocked.Increment(ref observed.Inside);
            int most;
            while (inside > (most = Volatile.Read(ref observed.MostInside)))
                Interlocked.CompareExchange(ref observed.MostInside, inside, most);

            // The first call is a slow subscriber: it waits (at most a second) to see whether another call
            // starts meanwhile, and only then records its notice. Published one at a time, none can.
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstEntered.Set();
                laterEntered.Wait(TimeSpan.FromSeconds(1));
            }
            else
            {
                laterEntered.Set();
            }

            lock (observed.Handled)
                observed.Handled.Add(notice.Raw);
            Interlocked.Decrement(ref observed.Inside);
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var notices = table.Notices; // the channel buffers from the moment it is asked for
        var reading = Task.Run(async () =>
        {
            while (observed.Read.Count < Count)
                observed.Read.Add((await notices.ReadAsync(timeout.Token)).Raw);
        });

        // Collections come in waves, as in a real program: the second while the first is being published.
        var raws = new HashSet<long>();
        var groups = AddGroups(table, 2, Count / 2, raws);
        groups[0] = null;
        Gc.Collect();
        Assert.True(firstEntered.Wait(TimeSpan.FromSeconds(10)), "no notice was published");
        groups[1] = null;
        Gc.Collect();

        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(15)));
        Assert.True(reading.IsCompletedSuccessfully, $"the channel delivered {observed.Read.Count} of {Count} notices");
        Assert.True(
            SpinWait.SpinUntil(() => { lock (observed.Handled) return observed.Handled.Count >= Count; }, TimeSpan.FromSeconds(10)),
            $"the event saw {observed.Handled.Count} of {Count} notices");

        Assert.Equal(raws.Order(), observed.Read.Order());
        lock (observed.Handled)
            Assert.Equal(raws.Order(), observed.Handled.Order());
        return observed;
    }

    [Fact]
    public async Task Collected_handlers_never_run_concurrently()
    {
        var observed = await ObserveBurst();
        Assert.Equal(1, observed.MostInside);
    }

    [Fact]
    public async Task The_event_sees_notices_in_the_order_the_channel_delivers_them()
    {
        var observed = await ObserveBurst();
        lock (observed.Handled)
            Assert.Equal(observed.Read, observed.Handled);
    }

    [Fact]
    public async Task Every_notice_the_event_saw_was_delivered_by_the_channel_when_dispose_races_the_burst()
    {
        for (int round = 0; round < 5; round++)
        {
            var table = NotifyingTable();
            int handled = 0;
            int delivered = 0;
            var firstHandled = new ManualResetEventSlim();
            var disposed = new ManualResetEventSlim();
            table.Collected += _ =>
            {
                if (Interlocked.Increment(ref handled) == 1)
                {
                    firstHandled.Set();
                    disposed.Wait(TimeSpan.FromSeconds(5)); // hold the publisher while the table is disposed
                }
            };

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var notices = table.Notices; // the channel buffers from the moment it is asked for
            var reading = Task.Run(async () =>
            {
                await foreach (var _ in notices.ReadAllAsync(timeout.Token))
                    Interlocked.Increment(ref delivered);
            });

            AddUnrooted(table, Count);
            GC.Collect();
            Assert.True(firstHandled.Wait(TimeSpan.FromSeconds(10)), "no notice was published");
            table.Dispose();
            disposed.Set();
            GC.WaitForPendingFinalizers();
            await reading; // the channel completes with the table

            // Publishing that is still under way ends soon: wait until the count stops moving.
            int last;
            do
            {
                last = Volatile.Read(ref handled);
                Thread.Sleep(100);
            }
            while (Volatile.Read(ref handled) != last);

            Assert.True(Volatile.Read(ref delivered) == last, $"round {round}: the event saw {last} notices, the channel delivered {delivered}");
        }
    }

    [Fact]
    public void Notices_are_not_buffered_for_a_table_whose_channel_nobody_reads()
    {
        using var table = NotifyingTable();
        int handled = 0;
        table.Collected += _ => Interlocked.Increment(ref handled);

        AddUnrooted(table, 1000);
        Gc.Collect();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref handled) == 1000, TimeSpan.FromSeconds(10)));

        Assert.False(table.Notices.TryRead(out _));
    }
}
