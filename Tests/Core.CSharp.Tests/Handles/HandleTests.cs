using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Handles;

public class HandleTests
{
    [Fact]
    public void A_handle_is_a_plain_eight_byte_value()
    {
        Assert.Equal(8, System.Runtime.CompilerServices.Unsafe.SizeOf<Handle<Resource>>());
    }

    [Fact]
    public void Handles_are_equal_exactly_when_their_raw_values_are()
    {
        using var table = HandleTable.Create();
        var a = table.Add(new Resource(1)).Value();
        var b = table.Add(new Resource(2)).Value();
        var a2 = table.Resolve<Resource>(a.Raw).Value();

        Assert.True(a == a2);
        Assert.False(a != a2);
        Assert.True(a != b);
        Assert.Equal(a.GetHashCode(), a2.GetHashCode());
        Assert.True(a.Equals((object)a2));
        Assert.False(a.Equals("not a handle"));
    }

    [Fact]
    public void ToString_names_the_type_and_the_raw_value()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new Resource(1)).Value();
        Assert.Equal($"Handle<Resource>({handle.Raw})", handle.ToString());
        Assert.Equal("Handle<Resource>(0)", default(Handle<Resource>).ToString());
    }
}
