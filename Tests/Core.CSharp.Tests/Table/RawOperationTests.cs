using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class RawOperationTests
{
    [Fact]
    public void Raw_drop_loosen_and_tighten_work_whatever_the_resource_type()
    {
        using var table = HandleTable.Create();
        var resource = new Resource(1);
        var other = table.Add(new OtherResource()).Value();
        var handle = table.Add(resource).Value();

        Assert.True(table.Loosen(handle.Raw).IsSucc);
        Assert.Equal(Hold.Weak, table.HoldOf(handle).Value());
        Assert.True(table.Tighten(handle.Raw).IsSucc);
        Assert.Equal(Hold.Strong, table.HoldOf(handle).Value());
        Assert.True(table.Drop(other.Raw).IsSucc);
        Assert.True(table.Drop(handle.Raw).IsSucc);

        table.Drop(handle.Raw).FailsWith(new HandleError.Dropped(handle.Raw));
        table.Loosen(424242L).FailsWith(new HandleError.Unknown(424242L));
        table.Tighten(-1L).FailsWith(new HandleError.Unknown(-1L));
    }

    [Fact]
    public void Raw_operations_on_a_collected_handle_name_its_issued_type()
    {
        using var table = HandleTable.Create();
        var handle = Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();

        table.Tighten(handle.Raw).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
        table.Loosen(handle.Raw).FailsWith(new HandleError.Collected(handle.Raw, typeof(Resource)));
        Assert.True(table.Drop(handle.Raw).IsSucc);
    }
}
