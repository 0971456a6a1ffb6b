using System;
using System.Collections.Generic;
using Tether.Tests.Support;
using static Tether.Tests.Support.SlotSteps;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>The slot table, the raw layout and the type ids, tested directly at their edges.</summary>
public class SlotMechanismTests
{
    private static SlotTable Small(int capacity, int maxSlots, int maxGeneration) =>
        new(tag: 3, key: 0x1234, capacity, maxSlots, maxGeneration);

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(255L)]
    public void A_value_below_the_range_naming_a_never_used_slot_of_an_existing_page_is_Unknown_to_every_change(long raw)
    {
        // Found by the parallel property suite: 1 names slot 1 with stamp part 0, which is a never-used slot's
        // stamp, and the under-lock check of Drop took it for current (then threw on the unallocated weak handle).
        using var table = Fresh.Table();
        table.Add(new Resource(1)).Value();

        table.Drop(raw).FailsWith(new HandleError.Unknown(raw));
        table.Loosen(raw).FailsWith(new HandleError.Unknown(raw));
        table.Tighten(raw).FailsWith(new HandleError.Unknown(raw));
        Assert.Equal(-HandleErrorCode.Unknown, table.DropCode(raw));
        Assert.Equal(HandleState.Unknown, table.State(raw));
        Assert.Equal(1, table.Counts.Strong);
    }

    [Fact]
    public void The_raw_range_includes_both_of_its_ends_and_nothing_beyond()
    {
        Assert.True(HandleLayout.InRange(HandleLayout.MinRaw));
        Assert.True(HandleLayout.InRange(HandleLayout.MaxRaw));
        Assert.False(HandleLayout.InRange(HandleLayout.MinRaw - 1));
        Assert.False(HandleLayout.InRange(HandleLayout.MaxRaw + 1));
        Assert.Equal((1L << 53) - 1, HandleLayout.MaxRaw);
    }

    [Fact]
    public void Free_counts_retired_slots_which_come_back_when_no_other_is_left()
    {
        var slots = Small(capacity: 2, maxSlots: 2, maxGeneration: 2);
        long a = Claim(slots, new Resource(1));
        Claim(slots, new Resource(2));
        Assert.Equal(new TableCounts(2, 0, 0, 0, 0), slots.Counts());

        End(slots, a);
        Assert.Equal(new TableCounts(1, 0, 0, 1, 0), slots.Counts());

        long c = Claim(slots, new Resource(3)); // slot 0 again, in its last generation
        Assert.Equal(HandleLayout.IndexOf(a), HandleLayout.IndexOf(c));
        Assert.Equal(new TableCounts(2, 0, 0, 0, 0), slots.Counts());

        End(slots, c); // retires; with no other slot left, it comes back for the next add
        Assert.Equal(new TableCounts(1, 0, 0, 1, 1), slots.Counts());
        long d = Claim(slots, new Resource(4));
        Assert.Equal(HandleLayout.IndexOf(a), HandleLayout.IndexOf(d));
        Assert.Equal(HandleLayout.GenerationOf(c, 0x1234) + 1, HandleLayout.GenerationOf(d, 0x1234));
        Assert.Equal(new TableCounts(2, 0, 0, 0, 0), slots.Counts());
    }

    [Fact]
    public void Ending_many_skips_handles_that_already_ended()
    {
        var slots = Small(capacity: 4, maxSlots: 4, maxGeneration: 100);
        var resource = new Resource(2);
        long a = Claim(slots, new Resource(1));
        long b = Claim(slots, resource);
        End(slots, a);

        var ended = slots.EndMany([a, b, b]);

        Assert.Equal([new SlotTable.Ended(b, resource, false)], ended);
        Assert.Equal(new TableCounts(0, 0, 0, 4, 0), slots.Counts());
    }

    [Fact]
    public void Only_collected_handles_are_confirmed()
    {
        var slots = Small(capacity: 4, maxSlots: 4, maxGeneration: 100);
        var alive = new Resource(1);
        long a = Claim(slots, alive, strong: false);
        long b = Claim(slots, new Resource(2));
        End(slots, b);

        Assert.Empty(slots.ConfirmCollected([a, b], reclaim: true));
        Assert.Equal(new TableCounts(0, 1, 0, 3, 0), slots.Counts());
        GC.KeepAlive(alive);
    }

    [Fact]
    public void IsStrong_is_false_for_values_that_are_out_of_range_or_of_another_table()
    {
        var slots = Small(capacity: 4, maxSlots: 4, maxGeneration: 100);
        var resource = new Resource(1);
        long raw = Claim(slots, resource);
        Assert.True(slots.IsStrong(raw, out int typeId));
        Assert.Equal(TypeKey<Resource>.Id, typeId);

        Assert.False(slots.IsStrong(0, out _));
        Assert.False(slots.IsStrong(HandleLayout.MaxRaw + 1, out _));
        Assert.False(slots.IsStrong(raw ^ (1L << 50), out _)); // another tag
        Assert.False(slots.IsStrong(raw | long.MinValue, out _)); // this tag and slot, but out of range
        Assert.False(slots.IsStrong(raw | (1L << 56), out _));
        GC.KeepAlive(resource);
    }

    [Fact]
    public void A_value_with_generation_zero_for_an_issued_slot_is_unknown_not_dropped()
    {
        using var table = Fresh.Table();
        var handle = table.Add(new Resource(1)).Value();
        var (tag, key) = table.Identity;
        long forged = HandleLayout.Raw(HandleLayout.Stamp(tag, 0, key), HandleLayout.IndexOf(handle.Raw));

        Assert.Equal(HandleState.Unknown, table.State(forged));
        table.Get<Resource>(forged).FailsWith(new HandleError.Unknown(forged));
        table.Drop(forged).FailsWith(new HandleError.Unknown(forged));
    }
}

/// <summary>Type ids: an id no type was registered under is <see cref="object"/>.</summary>
// Registers a type and reads the id after it, so no other test may register one meanwhile: it runs alone.
[Collection(nameof(Adversarial.TagRegistryTests))]
public class TypeKeyTests
{
    [Fact]
    public void An_unknown_type_id_is_object()
    {
        int last = TypeKey.Register(typeof(SlotMechanismTests));

        Assert.Equal(typeof(SlotMechanismTests), TypeKey.TypeOf(last));
        Assert.Equal(typeof(object), TypeKey.TypeOf(SlotTable.AnyType));
        Assert.Equal(typeof(object), TypeKey.TypeOf(-1));
        Assert.Equal(typeof(object), TypeKey.TypeOf(last + 1));
        Assert.Equal(typeof(object), TypeKey.TypeOf(int.MaxValue));
    }
}
