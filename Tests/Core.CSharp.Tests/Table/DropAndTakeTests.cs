using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class DropAndTakeTests
{
    [Fact]
    public void Drop_ends_a_handle_and_a_second_drop_is_Dropped()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new Resource(1)).Value();

        table.Drop(handle).Value();

        table.Drop(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        table.Get(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        table.Loosen(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        table.Tighten(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        table.Take(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        table.HoldOf(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        Assert.Equal(HandleState.Dropped, table.State(handle));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void Take_returns_the_resource_and_ends_the_handle()
    {
        using var table = HandleTable.Create();
        var resource = new Resource(2);
        var handle = table.Add(resource, Hold.Weak).Value();

        Assert.Same(resource, table.Take(handle).Value());

        table.Take(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void Take_of_a_collected_resource_is_Collected_and_leaves_the_handle_to_drop()
    {
        using var table = HandleTable.Create();
        var handle = Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();

        table.Take(handle).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
        Assert.Equal(HandleState.Collected, table.State(handle));
        table.Drop(handle).Value();
        Assert.Equal(HandleState.Dropped, table.State(handle));
    }

    [Fact]
    public void Retyping_a_handle_to_the_wrong_type_fails_and_changes_nothing()
    {
        using var table = HandleTable.Create();
        var resource = new Resource(3);
        var handle = table.Add(resource).Value();
        var retyped = table.Resolve<OtherResource>(handle.Raw);

        retyped.FailsWith(new HandleError.WrongType(handle.Raw, typeof(OtherResource), typeof(Resource)));
        Assert.Same(resource, table.Get(handle).Value());
    }
}
