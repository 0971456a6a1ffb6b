using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class CapacityTests
{
    [Fact]
    public void Adding_beyond_capacity_is_TableFull_and_a_drop_makes_room_again()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 3 }).Value();
        var first = table.Add(new Resource(1)).Value();
        table.Add(new Resource(2), Hold.Weak).Value();
        table.Add(new Resource(3)).Value();

        table.Add(new Resource(4)).FailsWith(new HandleError.TableFull(3));
        Assert.Equal(0, table.Counts.Free);

        table.Drop(first).Value();
        var again = table.Add(new Resource(5)).Value();
        Assert.Equal(5, table.Get(again).Value().Id);
    }

    [Fact]
    public void Collected_handles_count_against_capacity_until_dropped()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 1 }).Value();
        var handle = Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();

        table.Add(new Resource(2)).FailsWith(new HandleError.TableFull(1));
        table.Drop(handle).Value();
        table.Add(new Resource(3)).Value();
    }

    [Fact]
    public void Memory_stays_bounded_when_a_guest_adds_forever()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 1000 }).Value();
        int full = 0;
        for (int i = 0; i < 50_000; i++)
        {
            if (table.Add(new Resource(i)).IsFail)
                full++;
        }

        Assert.Equal(49_000, full);
        Assert.Equal(new TableCounts(1000, 0, 0, 0, 0), table.Counts);
    }

    [Theory]
    [InlineData(0, HandleFormat.Raw53, "capacity 0 is outside 1..16777216 for format Raw53.")]
    [InlineData(-1, HandleFormat.Raw53, "capacity -1 is outside 1..16777216 for format Raw53.")]
    [InlineData(16_777_217, HandleFormat.Raw53, "capacity 16777217 is outside 1..16777216 for format Raw53.")]
    [InlineData(1_048_577, HandleFormat.Compact32, "capacity 1048577 is outside 1..1048576 for format Compact32.")]
    [InlineData(10, (HandleFormat)9, "9 is not a HandleFormat.")]
    public void Options_out_of_range_are_InvalidArgument_errors(int capacity, HandleFormat format, string reason)
    {
        HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = capacity, Format = format })
            .FailsWith(new HandleError.InvalidArgument(reason));
    }

    [Fact]
    public void Null_options_are_an_InvalidArgument_error()
    {
        HandleTable.TryCreate(null!).FailsWith(new HandleError.InvalidArgument("options are null."));
    }

    [Fact]
    public void The_largest_capacities_are_accepted()
    {
        using var raw = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 16_777_216 }).Value();
        using var compact = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 1_048_576, Format = HandleFormat.Compact32 }).Value();
        Assert.Equal(16_777_216, raw.Capacity);
        Assert.Equal(HandleFormat.Compact32, compact.Format);
    }
}
