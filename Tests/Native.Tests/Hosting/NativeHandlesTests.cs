using Xunit;

namespace Tether.Native.Tests.Hosting;

/// <summary>The managed helpers a library's own exports use, in process (the table is the process's one native table).</summary>
public class NativeHandlesTests
{
    private sealed class Thing;

    private sealed class Other;

    [Fact]
    public void Mint_gives_a_positive_raw_value_that_TryGet_resolves_to_the_same_object()
    {
        var thing = new Thing();
        long raw = NativeHandles.Mint(thing);

        Assert.InRange(raw, 1L << 45, (1L << 53) - 1);
        Assert.Equal(GuestCode.Ok, NativeHandles.TryGet(raw, out Thing? found));
        Assert.Same(thing, found);
        Assert.Same(thing, NativeHandles.Get<Thing>(raw).ThrowIfFail());
        Assert.True(NativeHandles.Table.Drop(raw).IsSucc);
    }

    [Fact]
    public void TryGet_answers_each_refusal_with_its_guest_code_and_null()
    {
        long raw = NativeHandles.Mint(new Thing());

        Assert.Equal(-HandleErrorCode.WrongType, NativeHandles.TryGet(raw, out Other? wrong));
        Assert.Null(wrong);
        Assert.Equal(-HandleErrorCode.Unknown, NativeHandles.TryGet(12345, out Thing? forged));
        Assert.Null(forged);
        Assert.Equal(-HandleErrorCode.Unknown, NativeHandles.TryGet(long.MinValue, out forged));
        Assert.True(NativeHandles.Table.Drop(raw).IsSucc);
        Assert.Equal(-HandleErrorCode.Dropped, NativeHandles.TryGet(raw, out Thing? dropped));
        Assert.Null(dropped);
        Assert.Equal(-HandleErrorCode.WrongTable, NativeHandles.TryGet(HandleTable.Create().Add(new Thing()).ThrowIfFail().Raw, out Thing? foreign));
        Assert.Null(foreign);
    }

    [Fact]
    public void Mint_of_null_answers_NullResource()
    {
        Assert.Equal(-HandleErrorCode.NullResource, NativeHandles.Mint<Thing>(null!));
    }

    [Fact]
    public void Configure_after_the_table_is_made_is_refused_and_changes_nothing()
    {
        var table = NativeHandles.Table;

        var refused = NativeHandles.Configure(new HandleTableOptions { Capacity = 16 });

        Assert.True(refused.IsFail);
        Assert.Equal(HandleErrorCode.InvalidArgument, refused.Match(_ => 0, e => e.Code));
        Assert.Same(table, NativeHandles.Table);
        Assert.Equal(-HandleErrorCode.InvalidArgument, GuestCode.Of(NativeHandles.Configure(null!)));
    }
}
