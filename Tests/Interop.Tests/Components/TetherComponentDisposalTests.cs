using System;
using System.Linq;
using System.Threading.Tasks;
using LanguageExt;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Components;

/// <summary>a component's scope drops everything the component held, whatever the order of events.</summary>
public class TetherComponentDisposalTests
{
    private static Answer AllAlive(Call call) => Answer.Of(call.Arg(1).EnumerateArray().Select(_ => "alive").ToArray());

    private sealed class Widget : TetherComponent
    {
        public Task<Fin<JsHandle<Chart>>> HoldChart() => Handles.Hold<Chart>(new FakeReference());

        public void Use(JsHandles service) => JsHandles = service;
    }

    private sealed class FaultyWidget : TetherComponent
    {
        public Task<Fin<JsHandle<Chart>>> HoldChart() => Handles.Hold<Chart>(new FakeReference());

        public void Use(JsHandles service) => JsHandles = service;

        protected override ValueTask DisposeAsyncCore() => throw new InvalidOperationException("own cleanup failed");
    }

    [Fact]
    public async Task A_hold_made_after_the_component_was_disposed_is_refused()
    {
        // The usual Blazor race: OnAfterRenderAsync awaits something, the user navigates away (the component
        // is disposed), then the method goes on and holds. The scope was never opened before disposal.
        var (handles, js) = Make();
        js.Script["hold"] = _ => Answer.Of(First);
        js.Script["dropMany"] = AllAlive;
        var widget = new Widget();
        widget.Use(handles);
        await widget.DisposeAsync();

        var late = await widget.HoldChart();

        // Today: Succ - a fresh scope is opened on a disposed component, and nothing will ever drop it.
        Assert.IsType<HandleError.Disposed>(ErrorOf(late));
    }

    [Fact]
    public async Task The_scope_ends_even_when_the_components_own_cleanup_throws()
    {
        var (handles, js) = Make();
        js.Script["hold"] = _ => Answer.Of(First);
        js.Script["dropMany"] = AllAlive;
        var widget = new FaultyWidget();
        widget.Use(handles);
        Value(await widget.HoldChart());

        await Record.ExceptionAsync(() => widget.DisposeAsync().AsTask()); // the component's own failure may surface

        Assert.Single(CallsTo(js, "dropMany")); // today: none; the handle is held until the circuit ends
    }
}
