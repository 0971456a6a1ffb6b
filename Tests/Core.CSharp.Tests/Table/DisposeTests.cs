using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class DisposeTests
{
    [Fact]
    public void After_dispose_every_member_answers_Disposed_and_none_throws()
    {
        // Compact32, so the handle surely has a compact form to ask about after disposal.
        var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Format = HandleFormat.Compact32 }).Value();
        var handle = table.Add(new Resource(1)).Value();
        var compact = table.ToCompact(handle).Value();

        table.Dispose();
        table.Dispose();

        Assert.True(table.IsDisposed);
        table.Add(new Resource(2)).FailsWith(new HandleError.Disposed(0));
        table.Get(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        Assert.True(table.TryGet(handle).IsNone);
        table.HoldOf(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        table.Drop(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        table.Take(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        table.Loosen(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        table.Tighten(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        table.Resolve<Resource>(handle.Raw).FailsWith(new HandleError.Disposed(handle.Raw));
        table.ResolveCompact<Resource>(compact).FailsWith(new HandleError.Disposed(compact));
        table.ToCompact(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        table.Get(default(Handle<Resource>)).FailsWith(new HandleError.Disposed(0));
        Assert.Equal(HandleState.Dropped, table.State(handle));
        Assert.Equal(HandleState.Unknown, table.State(handle.Raw + 1));
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0), table.Counts);
    }

    [Fact]
    public void Dispose_lets_go_of_every_resource()
    {
        var table = Fresh.Table();
        var weakRef = AddAndTrack(table);

        table.Dispose();
        Gc.Collect();

        Assert.False(weakRef.TryGetTarget(out _));
        System.GC.KeepAlive(table);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static System.WeakReference<Resource> AddAndTrack(HandleTable table)
    {
        var resource = new Resource(3);
        table.Add(resource).Value();
        return new System.WeakReference<Resource>(resource);
    }
}
