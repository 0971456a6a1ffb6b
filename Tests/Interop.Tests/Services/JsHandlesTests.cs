using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.JSInterop;
using Xunit;

namespace Tether.Interop.Tests.Services;

public sealed class Chart
{
    public int Scale(int by) => 10 * by;
    public void Fail() => throw new InvalidOperationException("chart broke");
}

public class JsHandlesTests
{
    private static Error ErrorOf<T>(Fin<T> fin) => fin.Match(v => throw new Xunit.Sdk.XunitException($"expected an error, got {v}"), e => e);

    private static (JsHandles Handles, RecordingJSRuntime Js) Make()
    {
        var js = new RecordingJSRuntime();
        return (new JsHandles(js), js);
    }

    [Fact]
    public async Task Holding_gives_the_handle_js_issued_and_disposes_the_reference()
    {
        var (handles, js) = Make();
        js.Answers["hold"] = args => (long)((bool)args[2]! ? 2_097_153 : 1_048_576);

        var weak = await handles.Hold<Chart>(js, Hold.Weak);

        Assert.Equal(new JsHandle<Chart>(2_097_153), weak.ThrowIfFail());
        Assert.Equal(["import", "createTable", "hold"], js.Calls.Select(c => c.Function));
        js.Answers["hold"] = _ => -8L;
        Assert.Equal(new HandleError.NullResource(typeof(Chart)), ErrorOf(await handles.Hold<Chart>(js)));
    }

    [Theory]
    [InlineData("collected", typeof(HandleError.Collected))]
    [InlineData("detached", typeof(InteropError.Detached))]
    [InlineData("dropped", typeof(HandleError.Dropped))]
    [InlineData("unknown", typeof(HandleError.Unknown))]
    public async Task A_call_through_a_handle_that_is_not_alive_answers_the_exact_error(string state, Type expected)
    {
        var (handles, js) = Make();
        js.Answers["invoke"] = _ => new { state };

        var error = ErrorOf(await handles.Invoke<Chart, int>(new JsHandle<Chart>(42), "width"));

        Assert.IsType(expected, error);
        Assert.Equal(42, error switch { HandleError e => e.Raw, InteropError e => e.Handle, _ => -1 });
    }

    [Fact]
    public async Task Results_and_js_errors_come_back_as_values()
    {
        var (handles, js) = Make();
        js.Answers["invoke"] = args => (string)args[2]! == "width" ? new { state = "alive", value = 640 } : new { state = "error", message = "x is not defined" };
        js.Answers["getProperty"] = _ => new { state = "alive", value = "canvas" };

        Assert.Equal(640, (await handles.Invoke<Chart, int>(new JsHandle<Chart>(7), "width")).ThrowIfFail());
        Assert.Equal(new InteropError.JsError(7, "x is not defined"), ErrorOf(await handles.Invoke<Chart, int>(new JsHandle<Chart>(7), "boom")));
        Assert.Equal("canvas", (await handles.Get<Chart, string>(new JsHandle<Chart>(7), "tagName")).ThrowIfFail());
    }

    [Fact]
    public async Task A_lost_circuit_is_Disconnected_and_never_escapes()
    {
        var (handles, js) = Make();
        js.ThrowEverywhere = new JSDisconnectedException("circuit gone");

        Assert.Equal(new InteropError.Disconnected(5), ErrorOf(await handles.Invoke<Chart, int>(new JsHandle<Chart>(5), "width")));
        Assert.Equal(new InteropError.Disconnected(5), ErrorOf(await handles.State(new JsHandle<Chart>(5))));
        Assert.Equal(new InteropError.Disconnected(0), ErrorOf(await handles.DropMany([1, 2, 3])));
        await handles.DisposeAsync();
        await handles.DisposeAsync();
        Assert.Equal(new InteropError.Disconnected(5), ErrorOf(await handles.Drop(new JsHandle<Chart>(5))));
    }

    [Theory]
    [InlineData(typeof(TaskCanceledException), typeof(InteropError.Disconnected))]
    [InlineData(typeof(ObjectDisposedException), typeof(InteropError.Disconnected))]
    [InlineData(typeof(InvalidOperationException), typeof(InteropError.Disconnected))]
    [InlineData(typeof(JSException), typeof(InteropError.JsError))]
    [InlineData(typeof(FormatException), typeof(InteropError.JsError))]
    public void Every_exception_the_runtime_throws_maps_to_a_value(Type thrown, Type expected)
    {
        var exception = thrown == typeof(ObjectDisposedException) ? new ObjectDisposedException("x") : (Exception)Activator.CreateInstance(thrown, "boom")!;
        Assert.IsType(expected, JsHandles.Classify(exception, 9));
    }

    [Fact]
    public async Task Dropping_many_handles_is_one_interop_call()
    {
        var (handles, js) = Make();
        js.Answers["dropMany"] = args => ((long[])args[1]!).Select(h => h == 3 ? "dropped" : "alive").ToArray();
        await handles.DropMany([1]); // start the module

        int before = js.Calls.Count;
        var states = (await handles.DropMany(Enumerable.Range(1, 100).Select(i => (long)i))).ThrowIfFail();

        Assert.Equal(1, js.Calls.Count - before);
        Assert.Equal(100, states.Length);
        Assert.Equal(JsHandleState.Dropped, states[2]);
        Assert.Equal(new HandleError.Dropped(3), ErrorOf(await handles.Drop(new JsHandle<Chart>(3))));
    }

    [Fact]
    public async Task Notices_arrive_in_batches_on_the_channel_and_the_event()
    {
        var (handles, _) = Make();
        var seen = new System.Collections.Generic.List<JsNotice>();
        handles.Noticed += seen.Add;
        handles.Noticed += _ => throw new InvalidOperationException("bad subscriber");

        handles.OnNotices([5, 6], [7]);

        Assert.Equal([new(JsNoticeKind.Collected, 5), new(JsNoticeKind.Collected, 6), new(JsNoticeKind.Detached, 7)], seen);
        Assert.True(handles.Notices.TryRead(out var first));
        Assert.Equal(new JsNotice(JsNoticeKind.Collected, 5), first);
        await handles.DisposeAsync();
    }

    [Fact]
    public void Exposed_objects_answer_js_calls_and_errors_are_values()
    {
        var (handles, _) = Make();
        long handle = handles.Expose(new Chart()).ThrowIfFail();

        Assert.Equal(new JsCallResult("alive", 30, null), handles.InvokeExposed(handle, "Scale", [JsSerializer(3)]));
        Assert.Equal(new JsCallResult("error", null, "chart broke"), handles.InvokeExposed(handle, "Fail", []));
        Assert.Equal("error", handles.InvokeExposed(handle, "Missing", []).State);
        Assert.Equal("unknown", handles.InvokeExposed(12345, "Scale", [JsSerializer(3)]).State);
        handles.Exposed.Drop(handle);
        Assert.Equal("dropped", handles.InvokeExposed(handle, "Scale", [JsSerializer(3)]).State);
    }

    [Fact]
    public void A_weakly_exposed_object_the_GC_collected_answers_collected()
    {
        var (handles, _) = Make();
        long handle = ExposeUnrooted(handles);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal("collected", handles.InvokeExposed(handle, "Scale", [JsSerializer(1)]).State);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long ExposeUnrooted(JsHandles handles) => handles.Expose(new Chart(), Hold.Weak).ThrowIfFail();

    private static JsonElement JsSerializer(object value) => JsonSerializer.SerializeToElement(value);
}
