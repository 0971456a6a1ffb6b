using System;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Exposed;

public sealed class Waiter
{
    [JSInvokable]
    public Task<int> Never() => new TaskCompletionSource<int>().Task;

    [JSInvokable]
    public Task Silent() => new TaskCompletionSource().Task;

    [JSInvokable]
    public ValueTask<int> NeverLater() => new(new TaskCompletionSource<int>().Task);

    [JSInvokable]
    public ValueTask SilentLater() => new(new PendingSource(), 0);

    /// <summary>An IValueTaskSource (a pooled ValueTask's backing) that never completes.</summary>
    private sealed class PendingSource : System.Threading.Tasks.Sources.IValueTaskSource
    {
        public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short token) => System.Threading.Tasks.Sources.ValueTaskSourceStatus.Pending;

        public void OnCompleted(Action<object?> continuation, object? state, short token, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags flags)
        {
        }

        public void GetResult(short token) => throw new InvalidOperationException("never completed");
    }
}

public sealed class HandleKeeper(JsHandle<Chart> chart)
{
    [JSInvokable]
    public JsHandle<Chart> Chart() => chart;
}

/// <summary>
/// What tether.js's callDotNet reaches: the answer crosses as JSON text that Tether writes itself, so a trimmed app
/// (which strips the metadata reflection would need) answers every call, and no call outlasts the call timeout.
/// </summary>
public class CallExposedTests
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public async Task Every_answer_crosses_as_JSON_text_written_without_reflection()
    {
        var (handles, _) = Make();
        long handle = Value(handles.Expose(new Greeter()));

        Assert.Equal("""{"state":"alive","value":"hello browser","message":null}""", await handles.CallExposed(handle, "Greet", [Json("browser")]));
        Assert.Equal("""{"state":"error","value":null,"message":"greeter broke"}""", await handles.CallExposed(handle, "Fail", []));
        Assert.Equal("""{"state":"unknown","value":null,"message":"Handle 7 was never issued by this table."}""", await handles.CallExposed(7, "Greet", [Json("browser")]));
    }

    [Fact]
    public void The_answer_is_a_string_and_the_method_is_callable_from_JS_by_its_own_name()
    {
        var method = typeof(JsHandles).GetMethod(nameof(JsHandles.CallExposed))!;
        Assert.Equal(typeof(Task<string>), method.ReturnType);
        Assert.Equal("CallExposed", Assert.Single(method.GetCustomAttributes(typeof(JSInvokableAttribute), false)) is JSInvokableAttribute a ? a.Identifier ?? method.Name : null);
    }

    [Theory]
    [InlineData("Never")]
    [InlineData("Silent")]
    [InlineData("NeverLater")]
    [InlineData("SilentLater")]
    public async Task A_method_whose_task_never_completes_answers_an_error_after_the_call_timeout(string method)
    {
        var (handles, _) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        long handle = Value(handles.Expose(new Waiter()));

        var answer = await handles.InvokeExposed(handle, method, []).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(new JsCallResult("error", null, $"Waiter.{method} did not complete within the call timeout (00:00:00.3000000)"), answer);
    }

    [Fact]
    public async Task A_method_that_answers_a_handle_is_told_to_answer_its_Value_not_that_it_passed_an_argument()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        long keeper = Value(handles.Expose(new HandleKeeper(chart)));

        var answer = await handles.InvokeExposed(keeper, "Chart", []);

        Assert.Equal(new JsCallResult("error", null,
            $"A JsHandle`1 could not cross the JS boundary for handle {keeper}: a JsHandle in a method's result cannot cross as a handle: answer its Value, a number JS can pass back, which Resolve turns back into the handle"),
            answer);
    }
}
