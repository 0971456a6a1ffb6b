// The C# blocks of the READMEs, verbatim, so that they compile. Tests/Package.Tests/ReadmeSnippetTests
// checks that every ```csharp block of every README.md appears in this project.
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using Microsoft.JSInterop;
using Tether;
using Tether.Interop;

namespace Tether.Docs.Examples;

public sealed class Canvas;

public static class Readmes
{
    /// <summary>The root README's block, run by the C# guide at docs build time; answers what it resolved.</summary>
    public static string Root()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new Canvas(), Hold.Weak);          // Fin<Handle<Canvas>>
        long raw = handle.Map(h => h.Raw).IfFail(0);              // a JS-safe integer for the guest
        var canvas = table.Get<Canvas>(raw);                      // Fin<Canvas>: forged raws are errors
        return canvas.Match(_ => "README: resolved a Canvas", e => "README: " + e.Message);
    }

    /// <summary>Tether.Core's README block, run by the C# guide at docs build time; answers what it read.</summary>
    public static string Core()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new StringBuilder("hello"), Hold.Weak).ThrowIfFail();
        long raw = handle.Raw;                         // give this to the guest: a JS-safe integer

        var back = table.Resolve<StringBuilder>(raw);  // Fin<Handle<StringBuilder>>: forged values are errors
        var text = table.Get(handle);                  // Fin<StringBuilder>: Dropped, Collected, WrongType, ...
        _ = table.Drop(handle);                        // a Fin too; "_ =" ignores it on purpose (else TETHER001)
        return $"Tether.Core README: {back.Match(h => h.Raw == raw, _ => false)} {text.Match(t => t.ToString(), e => e.Message)}";
    }

    /// <summary>Tether.Interop's README block on the synchronous WebAssembly path.</summary>
    public static async Task<Fin<Unit>> InteropInProcess(JsHandles handles, JsHandle<CanvasElement> canvas, JsHandle<Chart> chart)
    {
        await handles.Connect();                                                     // once; idempotent
        var painted = handles.InProcess.Bind(js =>                                   // Fin<Unit>, at once
            js.InvokeAndHold<CanvasElement, Context2D>(canvas, "getContext", Hold.Strong, "2d")   // the result stays in JS
              .Bind(context => js.Set(context, "fillStyle", "#2e7d32"))
              .Bind(_ => js.InvokeVoid(chart, "drawOn", canvas)));                   // a handle argument arrives as its object
        return painted;
    }

    public static async Task Interop(JsHandles handles, IJSObjectReference chartObject, CancellationToken cancel)
    {
        var held = await handles.Hold<Chart>(chartObject, Hold.Weak, cancel);       // Fin<JsHandle<Chart>>
        var size = await held.Match(                                                 // Fin<ChartSize>
            chart => handles.Invoke<Chart, ChartSize>(chart, "size", cancel),
            error => Task.FromResult(Fin<ChartSize>.Fail(error)));
        // Collected, Detached, Dropped, WrongType, Timeout, NotInteractive, Serialization, Disconnected, ...
        // are values, never exceptions.
    }
}
