using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class HoldTests
{
    [Fact]
    public void A_weak_hold_whose_resource_the_GC_collected_says_Collected()
    {
        using var table = Fresh.Table();
        var handle = Gc.AddUnrooted(table, Hold.Weak);

        Gc.Collect();

        table.Get(handle).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
        Assert.True(table.TryGet(handle).IsNone);
        Assert.Equal(HandleState.Collected, table.State(handle));
        Assert.Equal(HandleState.Collected, table.State(handle.Raw));
        Assert.Equal(new TableCounts(0, 0, 1, table.Capacity - 1, 0), table.Counts);
    }

    [Fact]
    public void A_collected_handle_still_resolves_so_its_owner_can_drop_it()
    {
        using var table = Fresh.Table();
        var handle = Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();

        var resolved = table.Resolve<Resource>(handle.Raw).Value();
        table.Drop(resolved).Value();

        table.Get(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void A_strong_hold_keeps_an_otherwise_unreachable_resource_alive()
    {
        using var table = Fresh.Table();
        var handle = Gc.AddUnrooted(table, Hold.Strong, id: 7);

        Gc.Collect();

        Assert.Equal(7, table.Get(handle).Value().Id);
    }

    [Fact]
    public void A_weak_hold_does_not_collect_a_resource_that_is_rooted_elsewhere()
    {
        using var table = Fresh.Table();
        var resource = new Resource(8);
        var handle = table.Add(resource, Hold.Weak).Value();

        Gc.Collect();

        Assert.Same(resource, table.Get(handle).Value());
        Assert.Equal(Hold.Weak, table.HoldOf(handle).Value());
        System.GC.KeepAlive(resource);
    }

    [Fact]
    public void Loosen_turns_strong_weak_so_the_GC_may_collect()
    {
        using var table = Fresh.Table();
        var handle = Gc.AddUnrooted(table, Hold.Strong);

        table.Loosen(handle).Value();
        Assert.Equal(Hold.Weak, table.HoldOf(handle).Value());
        Gc.Collect();

        table.Get(handle).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
        table.Loosen(handle).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
    }

    [Fact]
    public void Tighten_turns_a_live_weak_hold_strong_so_it_survives_the_GC()
    {
        using var table = Fresh.Table();
        var handle = Gc.AddUnrooted(table, Hold.Weak, id: 9);

        table.Tighten(handle).Value();
        Gc.Collect();

        Assert.Equal(9, table.Get(handle).Value().Id);
        Assert.Equal(Hold.Strong, table.HoldOf(handle).Value());
        Assert.Equal(new TableCounts(1, 0, 0, table.Capacity - 1, 0), table.Counts);
    }

    [Fact]
    public void Tighten_after_collection_is_Collected()
    {
        using var table = Fresh.Table();
        var handle = Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();

        table.Tighten(handle).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
    }

    [Fact]
    public void Loosen_and_tighten_are_idempotent_on_a_live_resource()
    {
        using var table = Fresh.Table();
        var resource = new Resource(10);
        var handle = table.Add(resource).Value();

        table.Tighten(handle).Value();
        table.Loosen(handle).Value();
        table.Loosen(handle).Value();
        Assert.Equal(new TableCounts(0, 1, 0, table.Capacity - 1, 0), table.Counts);
        table.Tighten(handle).Value();
        table.Tighten(handle).Value();
        Assert.Equal(new TableCounts(1, 0, 0, table.Capacity - 1, 0), table.Counts);
        Assert.Same(resource, table.Get(handle).Value());
    }

    [Fact]
    public void A_weak_slot_reused_for_a_strong_resource_holds_it_strongly()
    {
        using var table = Fresh.Table();
        var weak = Gc.AddUnrooted(table, Hold.Weak);
        table.Drop(weak).Value();

        var strong = Gc.AddUnrooted(table, Hold.Strong, id: 11);
        Gc.Collect();

        Assert.Equal(11, table.Get(strong).Value().Id);
    }
}
