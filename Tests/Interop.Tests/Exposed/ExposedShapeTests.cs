using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Exposed;

/// <summary>JSInvokableAttribute is AllowMultiple: one method, two JS names (legal for DotNetObjectReference).</summary>
public sealed class Aliased
{
    [JSInvokable("ping")]
    [JSInvokable("pong")]
    public int Ping() => 1;
}

/// <summary>The common shape of a marked virtual method, re-marked where it is overridden.</summary>
public class BaseWidget
{
    [JSInvokable]
    public virtual int Size() => 1;
}

public sealed class DerivedWidget : BaseWidget
{
    [JSInvokable]
    public override int Size() => 2;
}

/// <summary>The async shape every Blazor [JSInvokable] author writes.</summary>
public sealed class AsyncWorker
{
    [JSInvokable]
    public async Task<int> Count()
    {
        await Task.Yield();
        return 42;
    }

    [JSInvokable]
    public Task<int> Broken() => Task.FromException<int>(new InvalidOperationException("async broke"));

    [JSInvokable]
    public async ValueTask<int> CountLater()
    {
        await Task.Yield();
        return 43;
    }

    [JSInvokable]
    public ValueTask<int> BrokenLater() => ValueTask.FromException<int>(new InvalidOperationException("value task broke"));

    [JSInvokable]
    public ValueTask<int> BrokenBefore() => throw new InvalidOperationException("broke before the value task");

    [JSInvokable]
    public async ValueTask DoneLater() => await Task.Yield();

    [JSInvokable]
    public ValueTask BrokenDone() => ValueTask.FromException(new InvalidOperationException("plain value task broke"));

    /// <summary>A ValueTask backed by an IValueTaskSource, as pooled async methods answer: it completes after the call returns.</summary>
    [JSInvokable]
    public ValueTask<int> Pooled()
    {
        var source = new Source();
        _ = Task.Run(async () =>
        {
            await Task.Delay(20);
            source.Core.SetResult(44);
        });
        return new ValueTask<int>(source, source.Core.Version);
    }

    private sealed class Source : System.Threading.Tasks.Sources.IValueTaskSource<int>
    {
        public System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore<int> Core;

        public int GetResult(short token) => Core.GetResult(token);

        public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short token) => Core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags flags) =>
            Core.OnCompleted(continuation, state, token, flags);
    }
}

public sealed class Report
{
    public int Total => throw new KeyNotFoundException("no total yet");
}

public sealed class Order
{
    private int _quantity;

    public int Quantity
    {
        get => _quantity;
        set => _quantity = value >= 0 ? value : throw new KeyNotFoundException("negative quantity");
    }
}

public sealed class Reporter
{
    [JSInvokable]
    public Report Summarize() => new();

    [JSInvokable]
    public int Place(Order order) => order.Quantity;
}

/// <summary>The narrow view a component means to give JS.</summary>
public interface IReadOnlyCounter
{
    [JSInvokable]
    int Read();
}

public sealed class Counter : IReadOnlyCounter
{
    public int Value = 5;

    public int Read() => Value;

    [JSInvokable]
    public void Reset() => Value = -1;
}

/// <summary>InvokeExposed and Expose never throw, run what the author marked, and only that.</summary>
public class ExposedShapeTests
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public void Exposing_an_object_whose_method_has_two_JS_names_does_not_throw()
    {
        var (handles, _) = Make();

        var thrown = Record.Exception(() => handles.Expose(new Aliased()));

        Assert.Null(thrown); // today: AmbiguousMatchException from GetCustomAttribute<JSInvokableAttribute>()
    }

    [Fact]
    public void Exposing_an_object_whose_marked_override_overrides_a_marked_method_does_not_throw()
    {
        var (handles, _) = Make();

        var thrown = Record.Exception(() => handles.Expose(new DerivedWidget()));

        Assert.Null(thrown); // today: AmbiguousMatchException (GetCustomAttribute inherits the base's attribute)
    }

    [Fact]
    public void Exposing_it_through_a_scope_does_not_throw_either()
    {
        var (handles, _) = Make();
        var scope = handles.OpenScope();

        var thrown = Record.Exception(() => scope.Expose(new Aliased()));

        Assert.Null(thrown);
    }

    [Fact]
    public async Task A_faulted_Task_result_answers_an_error_envelope_instead_of_throwing()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new AsyncWorker()));

        JsCallResult? result = null;
        var thrown = await Record.ExceptionAsync(async () => result = await handles.InvokeExposed(handle, "Broken", []));

        Assert.Null(thrown); // today: AggregateException from Task<int>.Result, read by the JSON writer
        Assert.Equal("error", result?.State);
    }

    [Fact]
    public async Task A_Task_result_crosses_as_its_value_not_as_a_serialised_Task()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new AsyncWorker()));

        // Off the test thread: the JSON writer blocks on Task.Result (on a renderer's context, that is a deadlock).
        var result = await Task.Run(() => handles.InvokeExposed(handle, "Count", [])).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("alive", result.State);
        Assert.Equal(JsonValueKind.Number, result.Value?.ValueKind); // today: an object { result, id, status, ... }
        Assert.Equal(42, result.Value?.GetInt32());
    }

    [Fact]
    public async Task A_ValueTask_result_crosses_as_its_value_not_as_a_serialised_ValueTask()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new AsyncWorker()));

        var result = await Task.Run(() => handles.InvokeExposed(handle, "CountLater", [])).WaitAsync(TimeSpan.FromSeconds(10));
        var broken = await Task.Run(() => handles.InvokeExposed(handle, "BrokenLater", [])).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(("alive", "43"), (result.State, result.Value?.GetRawText())); // today: the ValueTask itself, {"isCompleted":false,...}
        Assert.Equal(("error", "value task broke"), (broken.State, broken.Message));
    }

    [Fact]
    public async Task Every_ValueTask_shape_answers_its_value_or_its_error()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new AsyncWorker()));

        async Task<(string, string?)> Call(string method)
        {
            var answer = await Task.Run(() => handles.InvokeExposed(handle, method, [])).WaitAsync(TimeSpan.FromSeconds(10));
            return (answer.State, answer.Value?.GetRawText() ?? answer.Message);
        }

        Assert.Equal(("alive", "44"), await Call("Pooled"));
        Assert.Equal(("error", "broke before the value task"), await Call("BrokenBefore"));
        Assert.Equal(("alive", null), await Call("DoneLater"));
        Assert.Equal(("error", "plain value task broke"), await Call("BrokenDone"));
    }

    [Fact]
    public async Task A_result_whose_getter_throws_answers_an_error_envelope()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new Reporter()));

        JsCallResult? result = null;
        var thrown = await Record.ExceptionAsync(async () => result = await handles.InvokeExposed(handle, "Summarize", []));

        Assert.Null(thrown); // today: KeyNotFoundException escapes JsonContracts.Write
        Assert.Equal("error", result?.State);
    }

    [Fact]
    public async Task An_argument_whose_setter_throws_answers_an_error_envelope()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new Reporter()));

        JsCallResult? result = null;
        var thrown = await Record.ExceptionAsync(async () => result = await handles.InvokeExposed(handle, "Place", [Json(new { quantity = -1 })]));

        Assert.Null(thrown); // today: KeyNotFoundException escapes JsonContracts.TryRead
        Assert.Equal("error", result?.State);
    }

    [Fact]
    public async Task An_object_exposed_as_a_narrow_type_cannot_be_called_through_a_wider_type_exposed_elsewhere()
    {
        // Two circuits: one exposes its counter read-only, the other exposes another counter in full.
        var (readOnlyCircuit, _) = Make();
        var (otherCircuit, _) = Make();
        var mine = new Counter();
        long handle = Value(readOnlyCircuit.Expose<IReadOnlyCounter>(mine));
        Value(otherCircuit.Expose(new Counter()));

        var result = (await readOnlyCircuit.InvokeExposed(handle, "Reset", []));

        // Docs: "Only the public instance methods of T marked [JSInvokable] can be called". The static,
        // process-wide cache joins the sets by runtime type, so JS reaches Counter.Reset through IReadOnlyCounter.
        Assert.Equal("error", result.State);
        Assert.Equal(5, mine.Value);
    }
}
