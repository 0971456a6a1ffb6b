using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class GenerationTests
{
    [Fact]
    public void A_reused_slot_gets_a_new_generation_and_the_stale_handle_says_Dropped()
    {
        using var table = HandleTable.Create();
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
        using var table = HandleTable.TryCreate(new HandleTableOptions { MaxGenerationOverride = 3 }).Value();
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
    public void A_compact_table_retires_a_slot_after_2047_generations()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Value();
        Handle<Resource> last = default;
        for (int i = 0; i < 2047; i++)
        {
            last = table.Add(new Resource(i)).Value();
            Assert.Equal(0, last.Raw & 0xFF_FFFF);
            Assert.Equal((i + 1) << 20, table.ToCompact(last).Value());
            table.Drop(last).Value();
        }

        var next = table.Add(new Resource(2047)).Value();
        Assert.Equal(1, next.Raw & 0xFF_FFFF);
        Assert.Equal((1 << 20) | 1, table.ToCompact(next).Value());
        Assert.Equal(1, table.Counts.Retired);
        table.ResolveCompact<Resource>(2047 << 20).FailsWith(new HandleError.Dropped(2047 << 20)); // errors speak of the value passed in
    }

    [Fact]
    public void Generations_never_repeat_for_a_slot_across_many_reuses()
    {
        using var table = HandleTable.Create();
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
