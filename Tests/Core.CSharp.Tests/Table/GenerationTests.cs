using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class GenerationTests
{
    [Fact]
    public void A_reused_slot_gets_a_new_generation_and_the_stale_handle_says_Dropped()
    {
        using var table = Fresh.Table();
        var old = table.Add(new Resource(1)).Value();
        table.Drop(old).Value();

        var newer = new Resource(2);
        var fresh = table.Add(newer).Value();

        Assert.Equal(old.Raw & 0xFF_FFFF, fresh.Raw & 0xFF_FFFF); // the same slot
        Assert.NotEqual(old.Raw, fresh.Raw);
        table.Get(old).FailsWith(new HandleError.Dropped(old.Raw));
        Assert.Equal(HandleState.Dropped, table.State(old));
        Assert.Same(newer, table.Get(fresh).Value());
    }

    [Fact]
    public void A_slot_is_retired_when_its_generations_run_out_and_never_reissued()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, MaxGenerationOverride = 3 }).Value();
        var stale = new System.Collections.Generic.List<Handle<Resource>>();
        for (int i = 0; i < 3; i++)
        {
            var handle = table.Add(new Resource(i)).Value();
            Assert.Equal(0, handle.Raw & 0xFF_FFFF);
            stale.Add(handle);
            table.Drop(handle).Value();
        }

        var next = table.Add(new Resource(9)).Value();

        Assert.Equal(1, next.Raw & 0xFF_FFFF); // slot 0 retired, slot 1 is new
        Assert.Equal(1, table.Counts.Retired);
        foreach (var handle in stale)
            table.Get(handle).FailsWith(new HandleError.Dropped(handle.Raw));
    }

    [Fact]
    public void A_compact_slot_issues_2046_values_in_a_cycle_then_rests()
    {
        // 2,046, not 2,047: a cycle never issues again the value the slot issued last before it began (by this
        // table, or by an earlier table of its tag, whose generations this one goes on from).
        // A value space of its own: the slot it retires would otherwise rest in its tag's space for later tables.
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32, OwnValueSpace = true }).Value();
        int start = -1, stale = 0;
        for (int i = 0; i < 2046; i++)
        {
            var last = table.Add(new Resource(i)).Value();
            Assert.Equal(0, last.Raw & 0xFF_FFFF);
            stale = table.ToCompact(last).Value();
            int generation = stale >> 20;
            if (start < 0)
                start = generation;
            Assert.Equal((start - 1 + i) % 2047 + 1, generation); // one after another, wrapping after 2,047
            table.Drop(last).Value();
        }

        var next = table.Add(new Resource(2046)).Value();
        Assert.Equal(1, next.Raw & 0xFF_FFFF);
        Assert.Equal(1, table.Counts.Retired);
        table.ResolveCompact<Resource>(stale).FailsWith(new HandleError.Dropped(stale)); // errors speak of the value passed in
    }

    [Fact]
    public void Generations_never_repeat_for_a_slot_across_many_reuses()
    {
        using var table = Fresh.Table();
        var seen = new System.Collections.Generic.HashSet<long>();
        for (int i = 0; i < 10_000; i++)
        {
            var handle = table.Add(new Resource(i)).Value();
            Assert.True(seen.Add(handle.Raw));
            table.Drop(handle).Value();
        }

        Assert.Equal(10_000, seen.Count);
    }
}
