using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Tether.Interop.Tests.Exposed;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Scopes;

/// <summary>A scope (a component's) ends everything it held, in one call, without blocking its caller.</summary>
public class ScopeTests
{
    private static Answer AllAlive(Call call) => Answer.Of(call.Arg(1).EnumerateArray().Select(_ => "alive").ToArray());

    [Fact]
    public async Task Disposing_a_scope_drops_its_JS_handles_in_one_call_and_ends_its_exposed_objects()
    {
        var (handles, js) = Make();
        js.Script["dropMany"] = AllAlive;
        await using var other = handles.OpenScope();
        var scope = handles.OpenScope();
        long next = First;
        js.Script["hold"] = _ => Answer.Of(next++);
        var chart = Value(await scope.Hold<Chart>(new FakeReference()));
        var card = Value(await scope.Hold<Card>(new FakeReference(), Hold.Weak));
        var kept = Value(await other.Hold<Chart>(new FakeReference()));
        long exposed = Value(scope.Expose(new Greeter()));
        Assert.Equal(3, scope.Count);

        await scope.DisposeAsync();

        var drop = CallsTo(js, "dropMany").Single();
        Assert.Equal([chart.Value, card.Value], drop.Arg(1).EnumerateArray().Select(e => e.GetInt64()).Order());
        Assert.Equal(0, drop.Arg(2).GetInt32()); // any type: the scope made these handles itself
        Assert.Equal("dropped", (await handles.InvokeExposed(exposed, "Greet", [System.Text.Json.JsonSerializer.SerializeToElement("x")])).State);
        Assert.Equal(0, scope.Count);
        Assert.True(scope.IsDisposed);
        Assert.Equal(1, other.Count);
        Assert.NotEqual(kept.Value, chart.Value);
    }

    [Fact]
    public async Task A_disposed_scope_holds_nothing_more_and_disposing_again_calls_nothing()
    {
        var (handles, js) = Make();
        var scope = handles.OpenScope();
        await scope.DisposeAsync();

        Assert.Equal(HandleError.Disposed.Scope(0), ErrorOf(await scope.Hold<Chart>(new FakeReference())));
        Assert.Equal(HandleError.Disposed.Scope(0), ErrorOf(scope.Expose(new Greeter())));
        await scope.DisposeAsync();
        Assert.Empty(js.Calls);
    }

    [Fact]
    public async Task A_hold_that_lands_after_its_scope_ended_is_dropped_at_once()
    {
        var (handles, js) = Make();
        var hold = Answer.Hang();
        js.Script["hold"] = _ => hold;
        js.Script["dropMany"] = AllAlive;
        var scope = handles.OpenScope();

        var holding = scope.Hold<Chart>(new FakeReference());
        for (int i = 0; i < 500 && !js.Functions.Contains("hold"); i++)
            await Task.Delay(10);
        await scope.DisposeAsync();
        ((Answer.Hangs)hold).Release.SetResult(First.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(HandleError.Disposed.Scope(First), ErrorOf(await holding));
        Assert.Equal(First, CallsTo(js, "dropMany").Single().Arg(1)[0].GetInt64());
    }

    [Fact]
    public async Task A_handle_dropped_through_the_scope_is_not_dropped_again_when_it_ends()
    {
        var (handles, js) = Make();
        js.Script["dropMany"] = AllAlive;
        js.Script["hold"] = _ => Answer.Of(First);
        var scope = handles.OpenScope();
        var chart = Value(await scope.Hold<Chart>(new FakeReference()));

        Assert.True((await scope.Drop(chart)).IsSucc);
        await scope.DisposeAsync();

        Assert.Single(CallsTo(js, "dropMany"));
    }

    [Fact]
    public async Task A_drop_through_the_scope_that_timed_out_is_ended_with_the_scope()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromSeconds(2) });
        js.Script["hold"] = _ => Answer.Of(First);
        js.Script["dropMany"] = _ => Answer.Hang();
        var scope = handles.OpenScope();
        var chart = Value(await scope.Hold<Chart>(new FakeReference()));

        Assert.IsType<InteropError.Timeout>(ErrorOf(await scope.Drop(chart)));
        Assert.Equal(1, scope.Count); // not reached: still the scope's to end
        js.Script["dropMany"] = AllAlive;
        await scope.DisposeAsync();

        var last = CallsTo(js, "dropMany").Last();
        Assert.Equal(First, last.Arg(1)[0].GetInt64());
        Assert.Equal(0, scope.Count);
    }

    private sealed class Widget : TetherComponent
    {
        public Task<LanguageExt.Fin<JsHandle<Chart>>> HoldChart() => Handles.Hold<Chart>(new FakeReference());

        public void Use(JsHandles service) => JsHandles = service;
    }

    [Fact]
    public async Task A_component_disposed_on_a_single_threaded_renderer_drops_what_it_held_without_deadlock()
    {
        var (handles, js) = Make();
        js.Script["hold"] = _ => Answer.Of(First);
        js.Script["dropMany"] = AllAlive;
        var widget = new Widget();
        widget.Use(handles);
        Value(await widget.HoldChart());

        // The renderer's context runs one thing at a time; disposal must finish without blocking it.
        var disposed = await SingleThreaded.Run(() => widget.DisposeAsync().AsTask());

        Assert.True(disposed);
        Assert.Equal(First, CallsTo(js, "dropMany").Single().Arg(1)[0].GetInt64());
    }
}

/// <summary>A synchronization context with one thread, like a renderer's; answers whether the work finished in time.</summary>
internal static class SingleThreaded
{
    public static Task<bool> Run(Func<Task> work)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new OneThreadContext();
            SynchronizationContext.SetSynchronizationContext(context);
            var task = work();
            context.RunUntil(task, TimeSpan.FromSeconds(10));
            done.SetResult(task.IsCompletedSuccessfully);
        }) { IsBackground = true };
        thread.Start();
        return done.Task;
    }

    private sealed class OneThreadContext : SynchronizationContext
    {
        private readonly System.Collections.Concurrent.BlockingCollection<(SendOrPostCallback, object?)> _queue = [];

        public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

        public override void Send(SendOrPostCallback d, object? state) => throw new InvalidOperationException("a renderer never blocks on Send");

        public void RunUntil(Task task, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!task.IsCompleted && DateTime.UtcNow < deadline)
            {
                if (_queue.TryTake(out var item, TimeSpan.FromMilliseconds(20)))
                    item.Item1(item.Item2);
            }
        }
    }
}
