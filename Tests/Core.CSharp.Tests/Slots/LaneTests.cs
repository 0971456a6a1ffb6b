using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Support;
using static Tether.Tests.Support.SlotSteps;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// A slot table cut into lanes (Core.CSharp/Slots/SlotTable.Lanes.cs): the same answers as one lane, exact
/// Full, bounded memory, and nothing kept after disposal, with adds and drops on several threads.
/// </summary>
[Collection(nameof(Tether.Tests.Table.FinalizerCycleTests))] // counts weak GC handles process-wide
public class LaneTests
{
    private static SlotTable Laned(int capacity, int lanes, int maxSlots = HandleLayout.MaxSlotsRaw) =>
        new(tag: 3, key: 0x1234, capacity, maxSlots, maxGeneration: 100, lanes);

    [Fact]
    public void Small_tables_have_one_lane_and_large_ones_one_per_core_with_four_pages_of_quota_each()
    {
        int perCore = (int)Math.Min(SlotTable.MaxLanes, BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount + 1) / 2);
        int Expected(int capacity)
        {
            int lanes = perCore;
            while (lanes > 1 && capacity / lanes < 4 * SlotStore.PageSize)
                lanes /= 2;
            return lanes;
        }

        Assert.Equal(1, SlotTable.LanesFor(1));
        Assert.Equal(1, SlotTable.LanesFor(SlotTable.LaneThreshold - 1));
        Assert.Equal(Expected(SlotTable.LaneThreshold), SlotTable.LanesFor(SlotTable.LaneThreshold));
        Assert.Equal(Expected(HandleTableOptions.DefaultCapacity), SlotTable.LanesFor(HandleTableOptions.DefaultCapacity));
        for (int capacity = SlotTable.LaneThreshold; capacity <= HandleTableOptions.DefaultCapacity; capacity *= 2)
        {
            int lanes = SlotTable.LanesFor(capacity);
            Assert.True(SlotTable.IsLaneCount(lanes) && lanes <= Environment.ProcessorCount, $"{lanes} lanes for {capacity}");
            Assert.True(lanes == 1 || capacity / lanes >= 4 * SlotStore.PageSize, $"{lanes} lanes for {capacity}: under four pages of quota each");
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(128)]
    public void A_lane_count_that_is_not_a_power_of_two_up_to_64_is_refused_by_TryCreate_not_thrown(int lanes)
    {
        var created = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 64, LanesOverride = lanes });
        created.FailsWith(new HandleError.InvalidArgument($"lane count {lanes} is not a power of two from 1 to 64."));
    }

    [Fact]
    public void One_thread_on_many_lanes_gets_the_slots_in_one_lane_order()
    {
        var slots = Laned(capacity: 64, lanes: 4);
        var raws = Enumerable.Range(0, 10).Select(i => Claim(slots, new Resource(i))).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), raws.Select(HandleLayout.IndexOf));

        End(slots, raws[3]);
        End(slots, raws[5]);
        Assert.Equal(5, HandleLayout.IndexOf(Claim(slots, new Resource(10))));
        Assert.Equal(3, HandleLayout.IndexOf(Claim(slots, new Resource(11))));
        Assert.Equal(10, HandleLayout.IndexOf(Claim(slots, new Resource(12))));
        Assert.Equal(new TableCounts(11, 0, 0, 53, 0), slots.Counts());
    }

    [Fact]
    public void One_thread_fills_a_table_of_many_lanes_to_exactly_its_capacity()
    {
        var slots = Laned(capacity: 8, lanes: 4);
        for (int i = 0; i < 8; i++)
            Claim(slots, new Resource(i));
        Assert.Equal(0, slots.Claim(new Resource(8), true, TypeKey<Resource>.Id, out var failure));
        Assert.Equal(SlotTable.ClaimFailure.Full, failure);
        Assert.Equal(new TableCounts(8, 0, 0, 0, 0), slots.Counts());
    }

    [Fact]
    public void Threads_racing_to_fill_a_table_of_many_lanes_get_exactly_its_capacity()
    {
        const int capacity = 1000, threads = 4, tries = 400;
        var slots = Laned(capacity, lanes: 4);
        var won = new long[threads][];
        var full = new int[threads];
        var keep = new Resource(0);
        Threads.RunAll(Enumerable.Range(0, threads).Select(t => (Action)(() =>
        {
            var mine = new List<long>();
            for (int i = 0; i < tries; i++)
            {
                long raw = slots.Claim(keep, (i & 1) == 0, TypeKey<Resource>.Id, out var failure);
                if (raw != 0)
                    mine.Add(raw);
                else if (failure == SlotTable.ClaimFailure.Full)
                    full[t]++;
            }

            won[t] = mine.ToArray();
        })).ToArray());

        var all = won.SelectMany(w => w).ToArray();
        Assert.Equal(capacity, all.Length);
        Assert.Equal(threads * tries - capacity, full.Sum());
        Assert.Equal(capacity, all.Select(HandleLayout.IndexOf).Distinct().Count());
        var counts = slots.Counts();
        Assert.Equal(capacity, counts.Strong + counts.Weak);
        Assert.Equal(0, counts.Free);

        // Every thread ends another thread's handles: each goes back to its own slot's lane.
        Threads.RunAll(Enumerable.Range(0, threads).Select(t => (Action)(() =>
        {
            foreach (var raw in won[(t + 1) % threads])
                End(slots, raw);
        })).ToArray());
        Assert.Equal(new TableCounts(0, 0, 0, capacity, 0), slots.Counts());
        GC.KeepAlive(keep);
    }

    [Fact]
    public void Handles_added_on_one_thread_and_dropped_on_another_keep_the_slots_near_the_capacity()
    {
        const int capacity = 512, lanes = 2;
        var slots = Laned(capacity, lanes);
        var keep = new Resource(0);
        long[] held = [];
        for (int round = 0; round < 6; round++)
        {
            // The adder alternates between two threads; the other one drops what the last one added.
            var previous = held;
            Threads.RunAll(
                () => held = Enumerable.Range(0, capacity).Select(_ => Claim(slots, keep)).ToArray(),
                () => { });
            Threads.RunAll(() =>
            {
                foreach (var raw in held)
                    End(slots, raw);
            });
            Assert.Equal(new TableCounts(0, 0, 0, capacity, 0), slots.Counts());
            _ = previous;
        }

        // Fresh pages while under capacity plus a page a lane, then other lanes' free slots.
        Assert.InRange(slots.SlotsMade, capacity, capacity + lanes * SlotStore.PageSize);
        GC.KeepAlive(keep);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_value_naming_a_page_no_lane_has_yet_is_Unknown_to_every_change(int lanes)
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 64, LanesOverride = lanes }).Value();
        table.Add(new Resource(1)).Value();
        var (tag, key) = table.Identity;
        long raw = HandleLayout.Raw(HandleLayout.Stamp(tag, 1, key), 3 * SlotStore.PageSize + 7);

        table.Drop(raw).FailsWith(new HandleError.Unknown(raw));
        table.Loosen(raw).FailsWith(new HandleError.Unknown(raw));
        table.Tighten(raw).FailsWith(new HandleError.Unknown(raw));
        Assert.Equal(HandleState.Unknown, table.State(raw));
        Assert.Equal(new TableCounts(1, 0, 0, 63, 0), table.Counts);
    }

    [Fact]
    public void The_last_slots_of_a_full_index_space_are_found_in_any_lane()
    {
        // Four lanes, each handed its page, and only 4 pages of slots: once they are used, a lane out of
        // slots takes the free ones of the others.
        var slots = Laned(capacity: 4 * SlotStore.PageSize, lanes: 4, maxSlots: 4 * SlotStore.PageSize);
        var keep = new Resource(0);
        var raws = new List<long>();
        Threads.RunAll(Enumerable.Range(0, 4).Select(_ => (Action)(() =>
        {
            var mine = new List<long>();
            for (int i = 0; i < SlotStore.PageSize; i++)
                mine.Add(Claim(slots, keep));
            lock (raws)
                raws.AddRange(mine);
        })).ToArray());
        Assert.Equal(4 * SlotStore.PageSize, raws.Select(HandleLayout.IndexOf).Distinct().Count());
        Assert.Equal(0, slots.Claim(keep, true, TypeKey<Resource>.Id, out var failure));
        Assert.Equal(SlotTable.ClaimFailure.Full, failure);

        // Free one slot of each page, then claim four from one thread: it gets exactly those four.
        var freed = raws.GroupBy(r => HandleLayout.IndexOf(r) / SlotStore.PageSize).Select(g => g.First()).ToArray();
        foreach (var raw in freed)
            End(slots, raw);
        var again = Enumerable.Range(0, 4).Select(_ => HandleLayout.IndexOf(Claim(slots, keep))).Order().ToArray();
        Assert.Equal(freed.Select(HandleLayout.IndexOf).Order(), again);
        Assert.Equal(4 * SlotStore.PageSize, slots.SlotsMade);
        GC.KeepAlive(keep);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AbandonLanedTable(Resource kept)
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 1024, LanesOverride = 4 }).Value();
        Threads.RunAll(Enumerable.Range(0, 4).Select(t => (Action)(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                var weak = table.Add(kept, Hold.Weak).Value();
                var strong = table.Add(new Resource(i)).Value();
                if (i % 3 == 0)
                    table.Drop(weak).Value();
                _ = strong;
            }
        })).ToArray());
        table.Dispose();
        return new WeakReference(table);
    }

    [Fact]
    public void A_disposed_table_of_many_lanes_lets_go_of_itself_and_every_weak_GC_handle()
    {
        Gc.Collect();
        long baseline = Interlocked.Read(ref SlotStore.LiveWeakHandles);
        var kept = new Resource(-1);
        var table = AbandonLanedTable(kept);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((table.IsAlive || Interlocked.Read(ref SlotStore.LiveWeakHandles) > baseline) && DateTime.UtcNow < deadline)
            Gc.Collect();
        Assert.False(table.IsAlive);
        Assert.Equal(baseline, Interlocked.Read(ref SlotStore.LiveWeakHandles));
        GC.KeepAlive(kept);
    }
}
