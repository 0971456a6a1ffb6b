using System;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Ownership;

/// <summary>
/// Disposing owned resources asynchronously, and never resuming on the caller's synchronization context
/// (a UI thread that blocks on the result would otherwise deadlock).
/// </summary>
public class OwnedDisposalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Counts what is posted to it and runs it on the pool, so nothing deadlocks if it is used.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public override void Send(SendOrPostCallback d, object? state) => d(state);
    }

    /// <summary>Only asynchronously disposable; its disposal finishes when the test says so, on the test's thread.</summary>
    private sealed class GatedAsync : IAsyncDisposable
    {
        public TaskCompletionSource Gate { get; } = new();

        public ValueTask DisposeAsync() => new(Gate.Task);
    }

    /// <summary>Only asynchronously disposable, and its disposal has already failed when it returns.</summary>
    private sealed class FailedAtOnce : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.FromException(new InvalidOperationException("failed at once"));
    }

    private static T Under<T>(SynchronizationContext context, Func<T> start)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            return start();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    [Fact]
    public async Task CloseAsync_of_a_table_that_owns_nothing_succeeds_every_time()
    {
        var table = HandleTable.Create();
        table.Add(new Resource(1)).Value();

        Assert.True((await table.CloseAsync()).IsSucc);
        Assert.True((await table.CloseAsync()).IsSucc);
    }

    [Fact]
    public async Task CloseAsync_disposes_an_owned_resource_that_is_only_IDisposable()
    {
        var table = HandleTable.Create();
        var owned = new Disposable();
        table.Add(owned, Hold.Strong, Tether.Ownership.Owned).Value();

        Assert.True((await table.CloseAsync()).IsSucc);
        Assert.Equal(1, owned.Disposed);
    }

    [Fact]
    public async Task CloseAsync_reports_every_owned_resource_that_failed_to_dispose()
    {
        var table = HandleTable.Create();
        var a = table.Add(new Disposable(fail: true), Hold.Strong, Tether.Ownership.Owned).Value();
        var b = table.Add(new Disposable(fail: true), Hold.Strong, Tether.Ownership.Owned).Value();

        var failed = Assert.IsType<HandleError.DisposeFailed>((await table.CloseAsync()).Error());

        Assert.Equal([a.Raw, b.Raw], failed.Handles);
        Assert.Equal("Disposing the resources of 2 handles failed: cannot close; cannot close", failed.Message);
    }

    [Fact]
    public void Dropping_an_owned_resource_whose_async_disposal_failed_at_once_gives_the_failure()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new FailedAtOnce(), Hold.Strong, Tether.Ownership.Owned).Value();

        var failed = Assert.IsType<HandleError.DisposeFailed>(table.Drop(handle).Error());

        Assert.Equal(handle.Raw, failed.Raw);
        Assert.Equal("failed at once", failed.Thrown.Message);
        Assert.Equal(HandleState.Dropped, table.State(handle));
    }

    [Fact]
    public async Task Table_CloseAsync_does_not_resume_on_the_callers_context()
    {
        var table = HandleTable.Create();
        var owned = new GatedAsync();
        table.Add(owned, Hold.Strong, Tether.Ownership.Owned).Value();
        var context = new CountingContext();

        var closing = Under(context, () => table.CloseAsync().AsTask());
        owned.Gate.SetResult();

        Assert.True((await closing.WaitAsync(Patience)).IsSucc);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task Scope_DisposeAsync_does_not_resume_on_the_callers_context()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        var owned = new GatedAsync();
        scope.Add(owned, Hold.Strong, Tether.Ownership.Owned).Value();
        var context = new CountingContext();

        var disposing = Under(context, () => scope.DisposeAsync().AsTask());
        owned.Gate.SetResult();

        await disposing.WaitAsync(Patience);
        Assert.True(scope.IsDisposed);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_synchronous_drop_finishing_an_async_disposal_later_does_not_resume_on_the_callers_context()
    {
        var reported = new TaskCompletionSource<HandleError.DisposeFailed>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var table = HandleTable.TryCreate(new HandleTableOptions { OnDisposeFailed = f => reported.TrySetResult(f) }).Value();
        var owned = new GatedAsync();
        var handle = table.Add(owned, Hold.Strong, Tether.Ownership.Owned).Value();
        var context = new CountingContext();

        var dropped = Under(context, () => table.Drop(handle));
        owned.Gate.SetException(new InvalidOperationException("failed later"));

        Assert.True(dropped.IsSucc);
        var failed = await reported.Task.WaitAsync(Patience);
        Assert.Equal(handle.Raw, failed.Raw);
        Assert.Equal("failed later", failed.Thrown.Message);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public void Taking_a_borrowed_handle_of_an_object_another_handle_owns_keeps_that_ownership()
    {
        using var table = HandleTable.Create();
        var resource = new Disposable();
        var owner = table.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();
        var borrowed = table.Add(resource).Value();

        Assert.Same(resource, table.Take(borrowed).Value());

        table.Add(resource, Hold.Strong, Tether.Ownership.Owned).FailsWith(new HandleError.InvalidArgument(
            "this object is already owned by a live handle of the table; owning it twice would dispose it twice."));
        table.Drop(owner).Value();
        Assert.Equal(1, resource.Disposed);
    }

    [Fact]
    public void Adding_an_owned_resource_weakly_is_refused_with_the_reason()
    {
        using var table = HandleTable.Create();

        table.Add(new Disposable(), Hold.Weak, Tether.Ownership.Owned).FailsWith(new HandleError.InvalidArgument(
            "an owned resource must be held strongly: the table disposes it, so the GC must not collect it first."));
        Assert.Equal(0, table.Counts.Live);
    }
}
