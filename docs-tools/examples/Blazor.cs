// The Blazor guide's snippets. They compile with the build; the browser tests run the same calls in the
// sample app (Interop/Blazor.Sample), on Blazor Server and WebAssembly, trimmed and not.
// [usings]
using System;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Tether;
using Tether.Interop;
// [/usings]

namespace Tether.Docs.Examples;

/// <summary>A marker type for the chart objects a JS library makes.</summary>
public sealed class Chart;

public static class BlazorSetup
{
    public static void Register(IServiceCollection services)
    {
        // [setup]
        services.AddTether(options => options with
        {
            CallTimeout = TimeSpan.FromSeconds(10),       // every call, WebAssembly included
            Json = ChartJson.Default,                     // your types, for trimmed and AOT apps
        });
        // [/setup]
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ChartSize))]
public sealed partial class ChartJson : System.Text.Json.Serialization.JsonSerializerContext;

public sealed record ChartSize(double Width, double Height);

public static class BlazorCalls
{
    // [hold-and-call]
    public static async Task<string> Describe(JsHandles handles, IJSObjectReference chartObject, CancellationToken cancel)
    {
        // The reference is disposed: the handle replaces it, so a weak hold is really weak.
        Fin<JsHandle<Chart>> held = await handles.Hold<Chart>(chartObject, Hold.Weak, cancel);
        return await held.Match(
            async chart =>
            {
                Fin<ChartSize> size = await handles.Invoke<Chart, ChartSize>(chart, "size", cancel);
                Fin<Unit> redrawn = await handles.InvokeVoid(chart, "redraw", cancel);   // fluent: returns this
                Fin<Option<string>> title = await handles.GetOptional<Chart, string>(chart, "title", cancel);
                return size.Match(
                    s => $"{s.Width}x{s.Height}, title {title.Match(t => t.IfNone("(none)"), e => e.Message)}",
                    Describe);
            },
            error => Task.FromResult(Describe(error)));
    }
    // [/hold-and-call]

    // [errors]
    public static string Describe(Error error) => error switch
    {
        HandleError.Collected => "the JS garbage collector took it (it was held weakly)",
        InteropError.Detached => "the element left the document (it may come back)",
        HandleError.Dropped or HandleError.Unknown => "not a current handle",
        HandleError.WrongType wrong => $"held as {wrong.Actual.Name}, not {wrong.Expected.Name}",
        HandleError.WrongTable => "a handle of another circuit",
        InteropError.Timeout timeout => $"no answer within {timeout.After.TotalSeconds} s (the circuit may be fine)",
        InteropError.Canceled => "canceled by the caller",
        InteropError.NotInteractive => "prerendering: call again from OnAfterRenderAsync",
        InteropError.Serialization s => $"the answer did not fit a {s.Type.Name}",
        InteropError.NoValue => "null or undefined (use InvokeOptional)",
        InteropError.JsError js => $"JavaScript threw: {js.JsMessage}",
        InteropError.Disconnected => "the circuit is gone: stop",
        InteropError.NotInProcess => "no synchronous calls here (Server, or before Connect): use the async members",
        _ => error.Message,
    };
    // [/errors]
}

// [component]
/// <summary>Everything this component holds is dropped when Blazor disposes it: one interop call, no bookkeeping.</summary>
public sealed class ChartPanel : TetherComponent
{
    private ElementReference _canvas;
    private JsHandle<ElementReference> _held;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;   // before the first render the reference is default: HoldElement would say InvalidArgument
        var held = await Handles.HoldElement(_canvas, Hold.Weak);
        held.IfSucc(h => _held = h);
    }

    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "canvas");
        builder.AddElementReferenceCapture(1, reference => _canvas = reference);
        builder.CloseElement();
    }
}
// [/component]

public sealed class Greeter
{
    // [expose]
    [JSInvokable]   // only marked methods are callable from JS
    public string Greet(string who) => $"hello {who}";
    // [/expose]
}

// [exposed-contract]
public sealed record Order(string Item, int Quantity);

public sealed class Shop
{
    [JSInvokable]   // JS sends an Order: a trimmed app reads it through ShopJson, not reflection
    public string Buy(Order order) => $"{order.Quantity} x {order.Item}";
}

[JsonSerializable(typeof(Order))]   // without it, Expose(new Shop()) warns TETHER101 in a trimmed project
public sealed partial class ShopJson : JsonSerializerContext;
// [/exposed-contract]

public static class ShopSetup
{
    public static void Register(IServiceCollection services)
    {
        // [exposed-contract-setup]
        // One resolver for all your contexts: each answers for its own types.
        services.AddTether(options => options with
        {
            Json = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(ShopJson.Default, ChartJson.Default),
        });
        // [/exposed-contract-setup]
    }
}

/// <summary>Marker types for a canvas element and its 2D context.</summary>
public sealed class CanvasElement;

public sealed class Context2D;

public static class BlazorSynchronous
{
    // [synchronous]
    public static async Task<string> Paint(JsHandles handles, JsHandle<CanvasElement> canvas, JsHandle<Chart> chart)
    {
        // Once per app (OnAfterRenderAsync of the first component, say); idempotent.
        Fin<Unit> connected = await handles.Connect();

        // WebAssembly: every member answers at once through [JSImport], no JSON, no task.
        // Blazor Server: NotInProcess, so shared components fall back to the async members.
        return handles.InProcess.Match(
            js =>
            {
                // Hold a call's result in the same table: the context never crosses the boundary.
                Fin<JsHandle<Context2D>> context = js.InvokeAndHold<CanvasElement, Context2D>(canvas, "getContext", Hold.Strong, "2d");
                Fin<Unit> filled = context.Bind(c => js.Set(c, "fillStyle", "#2e7d32"));
                // A handle among the arguments reaches JS as the object it holds (checked: a dropped one calls nothing).
                Fin<Unit> drawn = js.InvokeVoid(chart, "drawOn", canvas);
                Fin<double> width = js.Get<CanvasElement, double>(canvas, "width");
                return $"{width.Match(w => w.ToString(), Describe)} px wide, {filled.Bind(_ => drawn).Match(_ => "drawn", Describe)}";
            },
            error => Describe(error));
    }
    // [/synchronous]

    private static string Describe(Error error) => BlazorCalls.Describe(error);
}
