using System;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// Ownership means one handle disposes one resource exactly once, with one kind of error, and
/// disposal never blocks the caller's synchronization context.
/// </summary>
public class OwnershipFaultTests
{
    private const Tether.Ownership Owned = Tether.Ownership.Owned;

    [Fact]
    public void Closing_a_table_whose_owned_resources_throw_gives_one_DisposeFailed()
    {
        var table = HandleTable.Create();
        var first = new CountingDisposable(fail: true);
        var second = new CountingDisposable(fail: true);
        table.Add(first, Hold.Strong, Owned).Value();
        table.Add(second, Hold.Strong, Owned).Value();

        var error = table.Close().Error();

        Assert.IsType<HandleError.DisposeFailed>(error);
        Assert.Equal(HandleErrorCode.DisposeFailed, error.Code);
        Assert.Equal(1, first.Disposed);
        Assert.Equal(1, second.Disposed);
    }

    [Fact]
    public void Closing_a_scope_whose_owned_resources_throw_gives_one_DisposeFailed()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        var first = new CountingDisposable(fail: true);
        var second = new CountingDisposable(fail: true);
        scope.Add(first, Hold.Strong, Owned).Value();
        scope.Add(second, Hold.Strong, Owned).Value();

        var error = scope.Close().Error();

        Assert.IsType<HandleError.DisposeFailed>(error);
        Assert.Equal(HandleErrorCode.DisposeFailed, error.Code);
        Assert.Equal(1, first.Disposed);
        Assert.Equal(1, second.Disposed);
    }

    [Fact]
    public void A_weak_owned_add_is_refused_and_adds_nothing()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4 }).Value();
        var resource = new CountingDisposable();
        var before = table.Counts;

        var error = table.Add(resource, Hold.Weak, Owned).Error();

        Assert.IsType<HandleError.InvalidArgument>(error);
        Assert.Equal(HandleErrorCode.InvalidArgument, error.Code);
        Assert.Equal(before, table.Counts);
        Assert.Equal(0, resource.Disposed);
    }

    [Fact]
    public void Loosening_an_owned_handle_is_refused_and_it_stays_strong()
    {
        using var table = HandleTable.Create();
        var resource = new CountingDisposable();
        var handle = table.Add(resource, Hold.Strong, Owned).Value();

        var error = table.Loosen(handle).Error();

        Assert.IsType<HandleError.InvalidArgument>(error);
        Assert.Equal(HandleErrorCode.InvalidArgument, error.Code);
        Assert.Equal(Hold.Strong, table.HoldOf(handle).Value());
        Assert.IsType<HandleError.InvalidArgument>(table.Loosen(handle.Raw).Error());
        Assert.Equal(Hold.Strong, table.HoldOf(handle).Value());
    }

    [Fact]
    public void Owning_the_same_object_twice_is_refused_and_it_is_disposed_once()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4 }).Value();
        var resource = new CountingDisposable();
        var first = table.Add(resource, Hold.Strong, Owned).Value();
        var counts = table.Counts;

        var error = table.Add(resource, Hold.Strong, Owned).Error();

        Assert.IsType<HandleError.InvalidArgument>(error);
        Assert.Equal(HandleErrorCode.InvalidArgument, error.Code);
        Assert.Equal(counts, table.Counts);
        table.Drop(first).Value();
        table.Dispose();
        Assert.Equal(1, resource.Disposed);
    }

    [Fact]
    public async Task Dropping_an_async_owned_handle_on_a_single_threaded_context_does_not_deadlock()
    {
        using var pump = new PumpContext();
        using var table = HandleTable.Create();
        var resource = new YieldingAsyncDisposable();
        var handle = table.Add(resource, Hold.Strong, Owned).Value();
        Fin<Unit> dropped = default;

        var run = pump.Run(() => dropped = table.Drop(handle));

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.True(dropped.IsSucc);
        Assert.Equal(HandleState.Dropped, table.State(handle));
        Assert.True(SpinWait.SpinUntil(() => resource.Disposed >= 1, TimeSpan.FromSeconds(5)));
        await Task.Delay(50);
        Assert.Equal(1, resource.Disposed);
    }

    [Fact]
    public async Task Disposing_a_table_with_async_owned_handles_on_a_single_threaded_context_does_not_deadlock()
    {
        using var pump = new PumpContext();
        var table = HandleTable.Create();
        var resource = new YieldingAsyncDisposable();
        var handle = table.Add(resource, Hold.Strong, Owned).Value();

        var run = pump.Run(table.Dispose);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.True(table.IsDisposed);
        Assert.True(SpinWait.SpinUntil(() => resource.Disposed >= 1, TimeSpan.FromSeconds(5)));
        await Task.Delay(50);
        Assert.Equal(1, resource.Disposed);
    }
}
