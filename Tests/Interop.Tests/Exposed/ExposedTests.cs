using System;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Exposed;

public sealed class Greeter
{
    public int Greeted;

    [JSInvokable]
    public string Greet(string who) => $"hello {who}";

    [JSInvokable("scale")]
    public int Scale(int by) => 10 * by;

    [JSInvokable]
    public void Fail() => throw new InvalidOperationException("greeter broke");

    public void Forbidden() => Greeted = -1;

    public string Name { get; set; } = "greeter";
}

/// <summary>JS reaches exactly what the author marked callable, with JSON through contracts, and gets values back.</summary>
public class ExposedTests
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public async Task A_marked_method_answers_its_result_as_JSON()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new Greeter()));

        var greeted = (await handles.InvokeExposed(handle, "Greet", [Json("browser")]));
        var scaled = (await handles.InvokeExposed(handle, "scale", [Json(3)]));

        Assert.Equal("alive", greeted.State);
        Assert.Equal("hello browser", greeted.Value?.GetString());
        Assert.Equal(30, scaled.Value?.GetInt32());
        Assert.Equal(new JsCallResult("error", null, "greeter broke"), (await handles.InvokeExposed(handle, "Fail", [])));
    }

    [Theory]
    [InlineData("Forbidden", 0)]
    [InlineData("GetHashCode", 0)]
    [InlineData("ToString", 0)]
    [InlineData("set_Name", 1)]
    [InlineData("get_Name", 0)]
    [InlineData("Scale", 1)] // exposed under its JS name only
    [InlineData("Greet", 2)] // wrong arity
    [InlineData(null, 0)]
    public async Task Anything_not_marked_callable_is_refused_and_not_run(string? method, int arity)
    {
        var (handles, _) = Make();
        var greeter = new Greeter();
        long handle = Value(handles.Expose(greeter));
        var args = new JsonElement[arity];
        for (int i = 0; i < arity; i++)
            args[i] = Json("x");

        var result = (await handles.InvokeExposed(handle, method, args));

        Assert.Equal("error", result.State);
        Assert.Contains("no callable method", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, greeter.Greeted);
        Assert.Equal("greeter", greeter.Name);
    }

    [Fact]
    public async Task Arguments_that_do_not_fit_the_parameter_are_a_serialization_error()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new Greeter()));

        var result = (await handles.InvokeExposed(handle, "scale", [Json("three")]));

        Assert.Equal("error", result.State);
        Assert.Contains("Int32 could not cross", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(12345L)]
    public async Task Forged_handles_answer_unknown(long handle)
    {
        var (handles, _) = Make();
        handles.Expose(new Greeter());

        Assert.Equal("unknown", (await handles.InvokeExposed(handle, "Greet", [Json("x")])).State);
    }

    [Fact]
    public async Task A_dropped_handle_answers_dropped_and_a_disposed_service_disposed()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new Greeter()));
        handles.Exposed.Drop(handle);

        Assert.Equal("dropped", (await handles.InvokeExposed(handle, "Greet", [Json("x")])).State);
        await handles.DisposeAsync();
        Assert.Equal("disposed", (await handles.InvokeExposed(handle, "Greet", [Json("x")])).State);
        Assert.IsType<HandleError.Disposed>(ErrorOf(handles.Expose(new Greeter())));
    }

    [Fact]
    public void Exposing_null_is_refused()
    {
        var (handles, _) = Make();

        Assert.Equal(new HandleError.NullResource(typeof(Greeter)), ErrorOf(handles.Expose<Greeter>(null!)));
    }

    [Fact]
    public async Task Weakly_exposed_objects_the_GC_collected_free_their_slots_by_themselves()
    {
        var (handles, _) = Make();
        const int count = 10_000;
        ExposeUnrooted(handles, count);

        for (int i = 0; i < 200 && handles.Exposed.Counts.Live > 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20);
        }

        Assert.Equal(0, handles.Exposed.Counts.Live);
        Assert.Equal(handles.Exposed.Capacity, handles.Exposed.Counts.Free);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ExposeUnrooted(JsHandles handles, int count)
    {
        for (int i = 0; i < count; i++)
            Value(handles.Expose(new Greeter(), Hold.Weak));
    }
}
