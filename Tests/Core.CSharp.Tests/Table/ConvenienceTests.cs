using System;
using System.Threading.Tasks;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>The conveniences C# users asked for (issue 14): raw Get, TryGet with out, await using, readable errors.</summary>
public class ConvenienceTests
{
    [Fact]
    public void Get_of_a_raw_value_answers_as_Resolve_then_Get_does()
    {
        using var table = HandleTable.Create();
        var resource = new Resource(1);
        var handle = table.Add(resource).Value();
        var other = table.Add(new OtherResource()).Value();
        var dropped = table.Add(new Resource(2)).Value();
        table.Drop(dropped).Value();

        Assert.Same(resource, table.Get<Resource>(handle.Raw).Value());
        table.Get<Resource>(dropped.Raw).FailsWith(new HandleError.Dropped(dropped.Raw));
        table.Get<Resource>(other.Raw).FailsWith(new HandleError.WrongType(other.Raw, typeof(Resource), typeof(OtherResource)));
        table.Get<Resource>(handle.Raw | 1L << 54).FailsWith(new HandleError.Unknown(handle.Raw | 1L << 54));
        table.Get<Resource>(-1).FailsWith(new HandleError.Unknown(-1));
        table.Dispose();
        table.Get<Resource>(handle.Raw).FailsWith(new HandleError.Disposed(handle.Raw));
    }

    [Fact]
    public void TryGet_with_out_gives_the_resource_or_false_and_allocates_nothing()
    {
        using var table = HandleTable.Create();
        var resource = new Resource(1);
        var handle = table.Add(resource).Value();
        var dropped = table.Add(new Resource(2)).Value();
        table.Drop(dropped).Value();

        Assert.True(table.TryGet(handle, out var found));
        Assert.Same(resource, found);
        Assert.True(table.TryGet<Resource>(handle.Raw, out found));
        Assert.Same(resource, found);
        Assert.False(table.TryGet(dropped, out found));
        Assert.Null(found);
        Assert.False(table.TryGet<OtherResource>(handle.Raw, out var wrong));
        Assert.Null(wrong);

        // Nothing per call: 20,000 calls stay far below one allocation each. The runtime may allocate once
        // while it tiers the loop up (more on a loaded machine), so the least of three rounds is judged: an
        // allocation per call would cost every round at least 20,000 x 24 B.
        int hits = 0;
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            hits = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                if (table.TryGet(handle, out _))
                    hits++;
                if (table.TryGet(dropped, out _))
                    hits++;
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.InRange(least, 0, 1_000);
        Assert.Equal(10_000, hits);
    }

    private sealed class AsyncOnly : IAsyncDisposable
    {
        public int Disposed;

        public async ValueTask DisposeAsync()
        {
            await Task.Yield();
            Disposed++;
        }
    }

    [Fact]
    public async Task Await_using_a_table_awaits_what_it_owns()
    {
        var owned = new AsyncOnly();
        await using (var table = HandleTable.Create())
            table.Add(owned, ownership: Tether.Ownership.Owned).Value();

        Assert.Equal(1, owned.Disposed);
    }

    [Fact]
    public void Errors_print_as_one_short_line()
    {
        Assert.Equal("Dropped(2): Handle 123 was dropped.", new HandleError.Dropped(123).ToString());
        Assert.Equal("Unknown(1): Handle 5 was never issued by this table.", new HandleError.Unknown(5).ToString());
    }

    [Fact]
    public void A_disposed_scope_says_it_is_the_scope_not_the_table()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        scope.Dispose();

        var error = scope.Add(new Resource(1)).Error();

        Assert.Equal(HandleErrorCode.Disposed, error.Code);
        Assert.Equal("The handle scope has been disposed.", error.Message);
        Assert.Equal("The handle table has been disposed.", new HandleError.Disposed(0).Message);
    }

    [Fact]
    public void ResolveCompact_errors_carry_the_value_passed_in()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Value();

        table.ResolveCompact<Resource>(int.MaxValue).FailsWith(new HandleError.Unknown(int.MaxValue));
        Assert.Equal(int.MaxValue, table.ExpandCompact(int.MaxValue).Error() is HandleError e ? e.Raw : 0);
    }
}
