using System;
using System.Linq;
using System.Threading.Tasks;
using LanguageExt.Common;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Ownership;

public sealed class Disposable(bool fail = false) : IDisposable
{
    public int Disposed { get; private set; }

    public void Dispose()
    {
        Disposed++;
        if (fail)
            throw new InvalidOperationException("cannot close");
    }
}

public sealed class AsyncOnly : IAsyncDisposable
{
    public int Disposed { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Disposed++;
    }
}

public class OwnershipTests
{
    [Fact]
    public void Dropping_an_owned_handle_disposes_its_resource_exactly_once()
    {
        using var table = HandleTable.Create();
        var resource = new Disposable();
        var handle = table.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();

        Assert.True(table.Drop(handle).IsSucc);
        table.Drop(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        table.Dispose();

        Assert.Equal(1, resource.Disposed);
    }

    [Fact]
    public void A_borrowed_handle_never_disposes()
    {
        var table = HandleTable.Create();
        var resource = new Disposable();
        var handle = table.Add(resource).Value();
        var scope = table.OpenScope();
        scope.Add(resource).Value();

        table.Drop(handle).Value();
        scope.Dispose();
        table.Dispose();

        Assert.Equal(0, resource.Disposed);
    }

    [Fact]
    public void Take_hands_ownership_back_to_the_caller()
    {
        using var table = HandleTable.Create();
        var resource = new Disposable();
        var handle = table.Add(resource, ownership: Tether.Ownership.Owned).Value();

        Assert.Same(resource, table.Take(handle).Value());
        table.Dispose();

        Assert.Equal(0, resource.Disposed);
    }

    [Fact]
    public void Scope_and_table_disposal_dispose_what_their_handles_owned()
    {
        var table = HandleTable.Create();
        var inScope = new Disposable();
        var inTable = new Disposable();
        var scope = table.OpenScope();
        scope.Add(inScope, ownership: Tether.Ownership.Owned).Value();
        table.Add(inTable, Hold.Strong, Tether.Ownership.Owned).Value();

        scope.Dispose();
        Assert.Equal(1, inScope.Disposed);
        Assert.Equal(0, inTable.Disposed);

        table.Dispose();
        table.Dispose();
        Assert.Equal(1, inTable.Disposed);
        GC.KeepAlive(inTable);
    }

    [Fact]
    public void A_throwing_dispose_comes_back_as_DisposeFailed_and_the_handle_still_ends()
    {
        using var table = HandleTable.Create();
        var resource = new Disposable(fail: true);
        var handle = table.Add(resource, ownership: Tether.Ownership.Owned).Value();

        var error = (HandleError.DisposeFailed)table.Drop(handle).Error();

        Assert.Equal(handle.Raw, error.Raw);
        Assert.Equal(HandleErrorCode.DisposeFailed, error.Code);
        Assert.Equal("cannot close", error.Thrown.Message);
        Assert.Equal(HandleState.Dropped, table.State(handle));
        Assert.Equal(1, resource.Disposed);
    }

    [Fact]
    public void Closing_a_scope_reports_every_failed_disposal()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        scope.Add(new Disposable(fail: true), ownership: Tether.Ownership.Owned).Value();
        scope.Add(new Disposable(fail: true), ownership: Tether.Ownership.Owned).Value();
        var fine = new Disposable();
        scope.Add(fine, ownership: Tether.Ownership.Owned).Value();

        var error = Assert.IsType<HandleError.DisposeFailed>(scope.Close().Error());

        Assert.Equal(HandleErrorCode.DisposeFailed, error.Code);
        Assert.Equal(2, error.Handles.Count);
        Assert.Equal(error.Handles[0], error.Raw);
        Assert.Equal(["cannot close", "cannot close"], ((AggregateException)error.Thrown).InnerExceptions.Select(e => e.Message));
        Assert.Equal(1, fine.Disposed);
    }

    [Fact]
    public async Task Async_disposables_are_disposed_by_DropAsync_and_by_Drop()
    {
        using var table = HandleTable.Create();
        var first = new AsyncOnly();
        var second = new AsyncOnly();
        var a = table.Add(first, ownership: Tether.Ownership.Owned).Value();
        var b = table.Add(second, ownership: Tether.Ownership.Owned).Value();

        Assert.True((await table.DropAsync(a)).IsSucc);
        Assert.Equal(1, first.Disposed); // DropAsync awaited it
        Assert.True(table.Drop(b).IsSucc);
        (await table.DropAsync(a)).FailsWith(new HandleError.Dropped(a.Raw));

        // A synchronous Drop never waits for asynchronous disposal: it finishes in the background.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (second.Disposed == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(5);
        Assert.Equal(1, first.Disposed);
        Assert.Equal(1, second.Disposed);
    }

    [Fact]
    public void An_undefined_ownership_is_InvalidArgument()
    {
        using var table = HandleTable.Create();
        table.Add(new Disposable(), Hold.Strong, (Tether.Ownership)5).FailsWith(new HandleError.InvalidArgument("5 is not an Ownership."));
    }
}
