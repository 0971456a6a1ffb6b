using System;
using System.Linq;
using System.Threading.Tasks;
using LanguageExt;
using LanguageExt.Common;

namespace Tether.Interop.Tests.Support;

/// <summary>A JS object's .NET marker type in these tests.</summary>
public sealed class Chart;

/// <summary>Another marker type.</summary>
public sealed class Card;

public static class Fixture
{
    public const long First = (1L << 20) + 0;
    public const long Second = (1L << 20) + 1;

    public static (JsHandles Handles, ScriptedJSRuntime Js) Make(JsHandlesOptions? options = null)
    {
        var js = new ScriptedJSRuntime();
        return (new JsHandles(js, options), js);
    }

    public static Error ErrorOf<T>(Fin<T> fin) => fin.Match(v => throw new Xunit.Sdk.XunitException($"expected an error, got {v}"), e => e);

    public static T Value<T>(Fin<T> fin) => fin.Match(v => v, e => throw new Xunit.Sdk.XunitException($"expected a value, got {e}"));

    /// <summary>Holds a JS object as <typeparamref name="T"/>, scripting tether.js to answer <paramref name="value"/>.</summary>
    public static async Task<JsHandle<T>> Held<T>(JsHandles handles, ScriptedJSRuntime js, long value = First)
    {
        js.Script["hold"] = _ => Answer.Of(value);
        return Value(await handles.Hold<T>(new FakeReference()));
    }

    /// <summary>Polls a condition every 10 ms; fails the test if it does not hold within 10 s.</summary>
    public static async Task WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
                throw new Xunit.Sdk.XunitException("the condition did not hold within 10 s");
            await Task.Delay(10);
        }
    }

    /// <summary>The calls made to one function.</summary>
    public static Call[] CallsTo(ScriptedJSRuntime js, string function) => js.Calls.Where(c => c.Function == function).ToArray();
}

/// <summary>A JS object reference as Blazor hands one out; serialised by id, disposed by the service.</summary>
public sealed class FakeReference : Microsoft.JSInterop.IJSObjectReference
{
    public int Disposed;

    public ValueTask DisposeAsync()
    {
        Disposed++;
        return ValueTask.CompletedTask;
    }

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => throw new NotSupportedException();

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, System.Threading.CancellationToken cancellationToken, object?[]? args) => throw new NotSupportedException();
}
