using System;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>Options at their limits, compact values at theirs, and what Take leaves behind.</summary>
public class TableEdgeTests
{
    [Fact]
    public void Options_with_an_undefined_slot_policy_or_leak_tracking_are_refused_with_the_value()
    {
        HandleTable.TryCreate(new HandleTableOptions { SlotPolicy = (SlotPolicy)7 })
            .FailsWith(new HandleError.InvalidArgument("7 is not a SlotPolicy."));
        HandleTable.TryCreate(new HandleTableOptions { LeakTracking = (LeakTracking)9 })
            .FailsWith(new HandleError.InvalidArgument("9 is not a LeakTracking."));
    }

    [Fact]
    public void The_generation_limit_may_be_as_large_as_the_raw_layout_allows_and_no_larger()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { MaxGenerationOverride = HandleLayout.MaxGenerationRaw }).Value();
        Assert.True(table.Add(new Resource(1)).IsSucc);

        HandleTable.TryCreate(new HandleTableOptions { MaxGenerationOverride = HandleLayout.MaxGenerationRaw + 1 })
            .FailsWith(new HandleError.InvalidArgument($"generation limit {HandleLayout.MaxGenerationRaw + 1} is outside 0..{HandleLayout.MaxGenerationRaw}."));
    }

    [Fact]
    public void Check_succeeds_for_a_live_handle()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new Resource(1)).Value();

        Assert.True(table.Check(handle.Raw).IsSucc);
    }

    [Fact]
    public void ExpandCompact_gives_the_raw_value_of_a_current_compact_value()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Value();
        table.Add(new Resource(0)).Value();
        var handle = table.Add(new Resource(1)).Value();
        int compact = table.ToCompact(handle).Value();

        Assert.Equal(handle.Raw, table.ExpandCompact(compact).Value());
        Assert.Equal(compact, table.CompactUnchecked(handle.Raw));
    }

    [Fact]
    public void ExpandCompact_of_zero_is_unknown_and_after_disposal_disposed()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Value();

        table.ExpandCompact(0).FailsWith(new HandleError.Unknown(0));
        table.ExpandCompact(-5).FailsWith(new HandleError.Unknown(-5));
        table.Dispose();
        table.ExpandCompact(0).FailsWith(new HandleError.Disposed(0));
    }

    [Fact]
    public void CompactUnchecked_reads_slot_and_generation_of_a_raw_value()
    {
        // A value space of its own: in a used one the slot may have ended its cycle with `first` and rest, so the next
        // add would take another slot (which slot depends on what the tests before this one left in the tag).
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32, OwnValueSpace = true }).Value();
        var first = table.Add(new Resource(0)).Value();
        int generation = HandleLayout.GenerationOf(first.Raw, table.Identity.Key);
        table.Drop(first).Value();
        var handle = table.Add(new Resource(1)).Value(); // slot 0, the next generation

        Assert.Equal(((generation % HandleLayout.MaxGenerationCompact + 1) << HandleLayout.CompactIndexBits) | 0, table.CompactUnchecked(handle.Raw));
        Assert.Equal(table.ToCompact(handle).Value(), table.CompactUnchecked(handle.Raw));
    }

    [Fact]
    public void Taking_a_handle_of_a_scope_removes_it_from_the_scope()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        var resource = new Resource(1);
        var handle = scope.Add(resource).Value();

        Assert.Same(resource, table.Take(handle).Value());

        Assert.Equal(0, scope.Count);
        Assert.False(scope.Contains(handle.Raw));
    }

    [Fact]
    public void Taking_a_weak_handle_stops_watching_its_resource()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var resource = new Resource(1);
        var handle = table.Add(resource, Hold.Weak).Value();
        Assert.Equal(1, table.WatchedCount);

        Assert.Same(resource, table.Take(handle).Value());

        Assert.Equal(0, table.WatchedCount);
    }
}
