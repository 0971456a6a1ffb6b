using System;
using System.Collections.Generic;
using System.Linq;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// A raw value is answered as live only by the table that issued it, while it is current, across tables that
/// use one tag one after the other or at the same time; and no table wears out.
/// </summary>
// Tags are process-wide: these tests pick tables by tag, so they run with the other tag tests, alone.
[Collection(nameof(TagRegistryTests))]
public class ValueLifetimeTests
{
    // More add+drop cycles on one slot than a raw generation has values: a generation key or a fresh start at
    // 1 would make the churned slot pass through every value of the slot, the other table's included.
    private const int Churn = (1 << 21) + 1_000;

    /// <summary>Adds and drops on <paramref name="table"/> <paramref name="cycles"/> times; the first issued value equal to <paramref name="held"/>, or 0.</summary>
    private static long ChurnUntilAlias(HandleTable table, long held, int cycles)
    {
        var resource = new Resource(7);
        for (int i = 0; i < cycles; i++)
        {
            long raw = table.Add(resource).Value().Raw;
            if (raw == held)
                return raw;
            table.Drop(raw).Value();
        }

        return 0;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_value_of_a_disposed_table_is_never_live_in_a_later_table_of_its_tag(int trial)
    {
        var first = HandleTable.Create();
        long held = first.Add(new Resource(trial)).Value().Raw;
        int tag = first.Tag;
        first.Dispose();

        using var later = Tags.TableWithTag(tag);
        Assert.Equal(0, ChurnUntilAlias(later, held, Churn));
        Assert.True(later.Resolve<Resource>(held).IsFail);
    }

    [Theory]
    [InlineData(HandleFormat.Compact32, 3 * 2047)]
    [InlineData(HandleFormat.Raw53, Churn)]
    public void Values_a_table_issued_early_in_a_slot_s_cycle_are_not_issued_again_by_a_later_table_of_its_tag(HandleFormat format, int cycles)
    {
        // The earlier table churns slot 0 part of the way through its cycle: the later table must finish that
        // cycle (and rest the slot) rather than start a new one that comes round to the earlier values.
        var first = HandleTable.TryCreate(new HandleTableOptions { Format = format }).Value();
        var issued = new HashSet<long>();
        for (int i = 0; i < 100; i++)
        {
            long raw = first.Add(new Resource(i)).Value().Raw;
            issued.Add(raw);
            first.Drop(raw).Value();
        }

        int tag = first.Tag;
        first.Dispose();

        using var later = Tags.TableWithTag(tag, format);
        var resource = new Resource(7);
        for (int i = 0; i < cycles; i++)
        {
            long raw = later.Add(resource).Value().Raw;
            Assert.False(issued.Contains(raw), $"add {i} of the later table issued {raw}, a value of the earlier table");
            later.Drop(raw).Value();
        }
    }

    [Fact]
    public void A_value_of_a_live_table_is_never_live_in_another_table_that_shares_its_tag()
    {
        var tables = Enumerable.Range(0, 300).Select(_ => HandleTable.Create()).ToList();
        try
        {
            var first = tables[0];
            var sharer = tables.Skip(1).First(t => t.Tag == first.Tag);
            var resource = new Resource(1);
            long held = first.Add(resource).Value().Raw;

            Assert.Equal(0, ChurnUntilAlias(sharer, held, Churn));
            Assert.True(sharer.Resolve<Resource>(held).IsFail);
            Assert.Same(resource, first.Get<Resource>(held).Value());
        }
        finally
        {
            tables.ForEach(t => t.Dispose());
        }
    }

    [Fact]
    public void A_compact_table_whose_every_slot_retired_keeps_adding_and_issues_no_value_twice()
    {
        // Every slot rests after one value, so after 2^20 add+drops every slot has retired once.
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32, MaxGenerationOverride = 1 }).Value();
        var resource = new object();
        var seen = new HashSet<long>();
        for (int i = 0; i < (1 << 20) + 1_000; i++)
        {
            var handle = table.Add(resource).Value();
            Assert.True(seen.Add(handle.Raw), $"value {handle.Raw} issued twice, at add {i}");
            table.Drop(handle).Value();
        }

        var counts = table.Counts;
        Assert.Equal(0, counts.Live);
        Assert.Equal(HandleTableOptions.DefaultCapacity, counts.Free);
    }
}
