using System.Text;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class AddAndGetTests
{
    [Fact]
    public void A_strong_handle_gets_back_the_very_resource_it_was_issued_for()
    {
        using var table = Fresh.Table();
        var resource = new Resource(1);
        var handle = table.Add(resource).Value();

        Assert.Same(resource, table.Get(handle).Value());
        Assert.Same(resource, table.TryGet(handle).IfNone(() => null!));
        Assert.Equal(HandleState.Alive, table.State(handle));
        Assert.Equal(Hold.Strong, table.HoldOf(handle).Value());
    }

    [Fact]
    public void One_table_holds_resources_of_several_types()
    {
        using var table = Fresh.Table();
        var text = new StringBuilder("x");
        var resource = new Resource(2);
        var other = new OtherResource();

        var textHandle = table.Add(text).Value();
        var resourceHandle = table.Add(resource, Hold.Weak).Value();
        var otherHandle = table.Add(other).Value();

        Assert.Same(text, table.Get(textHandle).Value());
        Assert.Same(resource, table.Get(resourceHandle).Value());
        Assert.Same(other, table.Get(otherHandle).Value());
        Assert.Equal(new TableCounts(Strong: 2, Weak: 1, Collected: 0, Free: table.Capacity - 3, Retired: 0), table.Counts);
    }

    [Fact]
    public void Handles_of_distinct_adds_are_distinct_even_for_the_same_resource()
    {
        using var table = Fresh.Table();
        var resource = new Resource(3);
        var first = table.Add(resource).Value();
        var second = table.Add(resource).Value();

        Assert.NotEqual(first, second);
        table.Drop(first).Value();
        Assert.Same(resource, table.Get(second).Value());
    }

    [Fact]
    public void Adding_null_is_a_NullResource_error_and_adds_nothing()
    {
        using var table = Fresh.Table();
        table.Add<Resource>(null!).FailsWith(new HandleError.NullResource(typeof(Resource)));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void An_undefined_hold_is_an_InvalidArgument_error()
    {
        using var table = Fresh.Table();
        table.Add(new Resource(4), (Hold)7).FailsWith(new HandleError.InvalidArgument("7 is not a Hold."));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void A_handle_asked_for_as_another_type_is_a_WrongType_error_naming_both_types()
    {
        using var table = Fresh.Table();
        var handle = table.Add(new Resource(5)).Value();

        var retyped = table.Resolve<OtherResource>(handle.Raw);

        retyped.FailsWith(new HandleError.WrongType(handle.Raw, typeof(OtherResource), typeof(Resource)));
        var error = (HandleError.WrongType)retyped.Error();
        Assert.Equal(typeof(OtherResource), error.Expected);
        Assert.Equal(typeof(Resource), error.Actual);
    }

    [Fact]
    public void The_issued_type_is_exact_so_a_base_type_is_a_WrongType_too()
    {
        using var table = Fresh.Table();
        var handle = table.Add<object>(new Resource(6)).Value();
        table.Resolve<Resource>(handle.Raw).FailsWith(new HandleError.WrongType(handle.Raw, typeof(Resource), typeof(object)));
        Assert.IsType<Resource>(table.Get(handle).Value());
    }
}
