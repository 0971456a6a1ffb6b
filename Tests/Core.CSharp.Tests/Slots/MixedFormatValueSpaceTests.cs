using System;
using System.Collections.Generic;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// A Raw53 table and a later Compact32 table of the same tag share the tag's value space. The raw table's values
/// keep the raw bound: none comes back before its slot issued 2,097,150 other values (docs/value-lifetime.md,
/// condition 1, "holds for every workload").
/// </summary>
[Collection(nameof(TagRegistryTests))]
public class MixedFormatValueSpaceTests
{
    [Fact]
    public void A_compact_table_after_a_raw_table_of_its_tag_does_not_reissue_the_raw_table_s_recent_values()
    {
        // 3,000 add+drops: the raw table's slot reaches a generation above the compact ring (2,047).
        var raw = HandleTable.Create();
        var issued = new HashSet<long>();
        var resource = new Resource(1);
        for (int i = 0; i < 3_000; i++)
        {
            long value = raw.Add(resource).Value().Raw;
            issued.Add(value);
            raw.Drop(value).Value();
        }

        int tag = raw.Tag;
        raw.Dispose();

        using var compact = Tags.TableWithTag(tag, HandleFormat.Compact32);
        var aliases = new List<long>();
        for (int i = 0; i < 3_000; i++)
        {
            long value = compact.Add(resource).Value().Raw;
            if (issued.Contains(value))
                aliases.Add(value);
            compact.Drop(value).Value();
        }

        // Every one of them was issued by the raw table at most 3,000 values earlier on its slot.
        Assert.Empty(aliases);
    }

    [Fact]
    public void A_raw_value_of_a_disposed_raw_table_is_not_live_in_the_next_compact_table_of_its_tag()
    {
        var raw = HandleTable.Create();
        var resource = new Resource(1);
        var held = new List<long>();
        for (int i = 0; i < 3_000; i++)
        {
            long value = raw.Add(resource).Value().Raw;
            held.Add(value);
            raw.Drop(value).Value();
        }

        int tag = raw.Tag;
        raw.Dispose();

        using var compact = Tags.TableWithTag(tag, HandleFormat.Compact32);
        var mine = new Resource(2);
        long issued = compact.Add(mine).Value().Raw;

        // The guest that kept the raw table's value now reaches the compact table's resource.
        Assert.DoesNotContain(issued, held);
        foreach (long old in held)
            Assert.True(compact.Resolve<Resource>(old).IsFail, $"{old}, a value of the raw table, resolves in the compact table");
    }
}
