using System;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>Cases that mutation testing showed the other tests let through.</summary>
public class MutationGuardTests
{
    [Fact]
    public void A_weak_add_into_a_reused_slot_holds_the_new_resource_not_the_old_one()
    {
        using var table = Fresh.Table();
        var old = new Resource(1);
        var first = table.Add(old, Hold.Weak).Value();
        table.Drop(first).Value();
        var newer = new Resource(2);

        var second = table.Add(newer, Hold.Weak).Value();

        Assert.Equal(first.Raw & 0xFF_FFFF, second.Raw & 0xFF_FFFF);
        Assert.Same(newer, table.Get(second).Value());
        GC.KeepAlive(old);
    }

    [Fact]
    public void Counts_are_exact_after_strong_and_weak_drops_and_a_collection()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 10 }).Value();
        var keep = new Resource(0);
        var strong = table.Add(new Resource(1)).Value();
        var weak = table.Add(keep, Hold.Weak).Value();
        var collected = Gc.AddUnrooted(table, Hold.Weak);
        table.Add(new Resource(3)).Value();
        var droppedWeak = table.Add(keep, Hold.Weak).Value();

        table.Drop(strong).Value();
        table.Drop(droppedWeak).Value();
        Gc.Collect();

        var counts = table.Counts;
        Assert.Equal(new TableCounts(Strong: 1, Weak: 1, Collected: 1, Free: 7, Retired: 0), counts);
        Assert.Equal(3, counts.Live);
        Assert.Equal(HandleState.Collected, table.State(collected));
        Assert.Same(keep, table.Get(weak).Value());
    }

    [Fact]
    public void A_compact_table_that_used_all_two_to_the_twenty_slots_brings_the_first_retired_back()
    {
        // Every slot retires after one generation, so each add takes a fresh slot.
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Format = HandleFormat.Compact32, MaxGenerationOverride = 1 }).Value();
        var resource = new object();
        for (int i = 0; i < 1 << 20; i++)
        {
            var handle = table.Add(resource).Value();
            table.Drop(handle).Value();
        }

        Assert.Equal(1 << 20, table.Counts.Retired);
        var again = table.Add(resource).Value();
        Assert.Equal(0, again.Raw & 0xF_FFFF); // slot 0 retired first
        Assert.Equal((1 << 20) - 1, table.Counts.Retired);
    }

    [Fact]
    public void In_a_raw_table_only_the_first_two_to_the_twenty_slots_have_a_compact_form()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = (1 << 20) + 1 }).Value();
        var resource = new object();
        Handle<object> last = default, beforeLast = default;
        for (int i = 0; i <= 1 << 20; i++)
        {
            beforeLast = last;
            last = table.Add(resource).Value();
        }

        Assert.Equal((1 << 20) | ((1 << 20) - 1), table.ToCompact(beforeLast).Value());
        table.ToCompact(last).FailsWith(new HandleError.NoCompactForm(last.Raw));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2_097_152)]
    public void A_generation_limit_out_of_range_is_refused(int limit)
    {
        HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, MaxGenerationOverride = limit })
            .FailsWith(new HandleError.InvalidArgument($"generation limit {limit} is outside 0..2097151."));
    }

    [Fact]
    public void Raw_values_with_tag_zero_are_Unknown_not_WrongTable()
    {
        using var table = Fresh.Table();
        table.Add(new Resource(1)).Value();
        table.Resolve<Resource>(123_456_789).FailsWith(new HandleError.Unknown(123_456_789));
    }

    [Fact]
    public void A_negative_compact_value_after_disposal_is_Disposed()
    {
        var table = Fresh.Table();
        table.Dispose();
        table.ResolveCompact<Resource>(-3).FailsWith(new HandleError.Disposed(-3));
    }
}
