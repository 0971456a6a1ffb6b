using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Errors;

/// <summary>Each way a call can fail has its own case, so a caller can tell "the circuit is gone" from "this call took too long".</summary>
public class FailureTests
{
    [Fact]
    public async Task A_call_that_never_answers_is_a_Timeout_after_the_configured_time_not_a_Disconnected()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromSeconds(1) });
        var chart = await Held<Chart>(handles, js);
        js.Script["state"] = _ => Answer.Hang();

        var error = ErrorOf(await handles.State(chart));

        Assert.Equal(new InteropError.Timeout(First, TimeSpan.FromSeconds(1)), error);
        Assert.Equal(InteropError.Codes.Timeout, error.Code);
        js.Script["state"] = _ => Answer.Of("alive");
        Assert.Equal(JsHandleState.Alive, Value(await handles.State(chart))); // the service goes on
    }

    [Fact]
    public async Task The_callers_token_cancels_a_call_as_Canceled_and_an_already_canceled_token_sends_nothing()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = Timeout.InfiniteTimeSpan });
        var chart = await Held<Chart>(handles, js);
        js.Script["state"] = _ => Answer.Hang();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.Equal(new InteropError.Canceled(First), ErrorOf(await handles.State(chart, cancel.Token)));

        int calls = js.Calls.Count;
        Assert.Equal(new InteropError.Canceled(First), ErrorOf(await handles.Drop(chart, new CancellationToken(canceled: true))));
        Assert.Equal(calls, js.Calls.Count);
    }

    [Fact]
    public async Task Prerendering_is_NotInteractive_and_the_same_service_works_once_interactive()
    {
        var (handles, js) = Make();
        const string prerendering = "JavaScript interop calls cannot be issued at this time. This is because the component is being statically rendered.";
        js.Script["import"] = _ => new Answer.Raises(new InvalidOperationException(prerendering));

        var error = ErrorOf(await handles.Hold<Chart>(new FakeReference()));

        Assert.Equal(new InteropError.NotInteractive(0, prerendering), error);
        js.Script["import"] = _ => new Answer.Json("{\"__jsObjectId\":7}");
        Assert.Equal(First, (await Held<Chart>(handles, js)).Value);
    }

    [Fact]
    public async Task A_lost_circuit_is_Disconnected()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => new Answer.Raises(new JSDisconnectedException("circuit gone"));

        Assert.Equal(new InteropError.Disconnected(First), ErrorOf(await handles.Invoke<Chart, int>(chart, "width")));
    }

    [Fact]
    public async Task An_answer_that_does_not_fit_the_type_asked_for_is_a_Serialization_error_naming_the_type()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive", value = "wide" });

        var error = ErrorOf(await handles.Invoke<Chart, int>(chart, "width"));

        var serialization = Assert.IsType<InteropError.Serialization>(error);
        Assert.Equal(typeof(int), serialization.Type);
        Assert.Equal(First, serialization.Handle);
        Assert.Equal(InteropError.Codes.Serialization, error.Code);
    }

    [Fact]
    public async Task A_malformed_answer_from_the_runtime_itself_is_a_Serialization_error_not_a_JS_failure()
    {
        var (handles, js) = Make();
        js.Script["hold"] = _ => Answer.Of("not a number");

        var error = ErrorOf(await handles.Hold<Chart>(new FakeReference()));

        Assert.IsType<InteropError.Serialization>(error);
    }

    [Fact]
    public async Task A_JS_exception_is_a_JsError_carrying_the_JS_message()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => new Answer.Throws("x is not defined");

        var error = ErrorOf(await handles.Invoke<Chart, int>(chart, "width"));

        var jsError = Assert.IsType<InteropError.JsError>(error);
        Assert.Contains("x is not defined", jsError.JsMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task A_timeout_that_is_not_positive_makes_every_call_say_so_and_sends_nothing(int milliseconds)
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromMilliseconds(milliseconds) });

        var error = ErrorOf(await handles.Hold<Chart>(new FakeReference()));

        Assert.IsType<HandleError.InvalidArgument>(error);
        Assert.Empty(js.Calls);
    }

    [Fact]
    public async Task A_null_runtime_makes_every_call_say_so()
    {
        var handles = new JsHandles(null!, null);

        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.Hold<Chart>(new FakeReference())));
        await handles.DisposeAsync();
    }
}
