using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Services;

/// <summary>
/// The circuit going down is Disconnected at once, for calls in flight and for every later call: when the circuit
/// ends (the service is disposed with its scope) and when its connection goes down (the circuit handler Tether
/// adds to Server apps says so); never a Timeout after the full call timeout.
/// </summary>
public class ConnectionLossTests
{
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Calls_in_flight_answer_Disconnected_as_soon_as_the_service_is_disposed()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = Patient });
        var chart = await Held<Chart>(handles, js);
        js.Script["state"] = _ => Answer.Hang();
        var inFlight = handles.State(chart);
        await WaitUntil(() => CallsTo(js, "state").Length == 1);

        var clock = Stopwatch.StartNew();
        await handles.DisposeAsync();
        var error = ErrorOf(await inFlight.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(new InteropError.Disconnected(First), error);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_connection_that_goes_down_answers_calls_in_flight_and_later_calls_Disconnected_until_it_comes_back()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = Patient });
        var chart = await Held<Chart>(handles, js);
        js.Script["state"] = _ => Answer.Hang();
        var inFlight = handles.State(chart);
        await WaitUntil(() => CallsTo(js, "state").Length == 1);

        var clock = Stopwatch.StartNew();
        handles.ConnectionDown();
        Assert.Equal(new InteropError.Disconnected(First), ErrorOf(await inFlight.WaitAsync(TimeSpan.FromSeconds(10))));
        Assert.Equal(new InteropError.Disconnected(First), ErrorOf(await handles.State(chart).WaitAsync(TimeSpan.FromSeconds(10))));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Single(CallsTo(js, "state")); // nothing more was sent while it was down

        handles.ConnectionUp();
        js.Script["state"] = _ => Answer.Of("alive");
        Assert.Equal(JsHandleState.Alive, Value(await handles.State(chart)));
    }

    [Fact]
    public async Task A_call_in_flight_when_the_connection_goes_down_answers_Disconnected_even_if_it_is_back_before_the_call_answers()
    {
        // The circuit handler may say Up right after Down (a quick reconnect): the call cut by Down was still cut by it.
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = Patient });
        var chart = await Held<Chart>(handles, js);
        js.Script["state"] = _ => Answer.Hang();
        var inFlight = handles.State(chart);
        await WaitUntil(() => CallsTo(js, "state").Length == 1);

        handles.ConnectionDown();
        handles.ConnectionUp();

        Assert.Equal(new InteropError.Disconnected(First), ErrorOf(await inFlight.WaitAsync(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task A_first_call_whose_table_is_being_made_answers_Disconnected_at_once_when_the_connection_goes_down()
    {
        // The connection is gone, so the cleanup of the table JS may have made (disposeTableByToken) gets no answer
        // either: the call must not wait for it.
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = Patient });
        js.Script["createTable"] = _ => Answer.Hang();
        js.Script["disposeTableByToken"] = _ => Answer.Hang();
        var chart = handles.Resolve<Chart>(First);
        await WaitUntil(() => CallsTo(js, "createTable").Length == 1);

        var clock = Stopwatch.StartNew();
        handles.ConnectionDown();
        var error = ErrorOf(await chart.WaitAsync(TimeSpan.FromSeconds(40)));

        Assert.Equal(new InteropError.Disconnected(First), error);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Connect_while_the_connection_is_down_answers_Disconnected_at_once_and_sends_nothing()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromSeconds(5) });
        js.Script["import"] = _ => Answer.Hang(); // a connection that is down answers nothing

        handles.ConnectionDown();
        var clock = Stopwatch.StartNew();
        var connected = await handles.Connect().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(new InteropError.Disconnected(0), ErrorOf(connected));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Empty(CallsTo(js, "import"));
    }

    [Fact]
    public async Task Without_its_own_call_timeout_the_service_keeps_the_apps_JSInteropDefaultCallTimeout()
    {
        // Blazor Server's runtime has its default before any service of the circuit is made.
        var js = new ScriptedJSRuntime { AppCallTimeout = TimeSpan.FromMilliseconds(300) };
        var handles = new JsHandles(js);
        var chart = await Held<Chart>(handles, js);
        js.Script["state"] = _ => Answer.Hang();

        var clock = Stopwatch.StartNew();
        var error = ErrorOf(await handles.State(chart).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(new InteropError.Timeout(First, TimeSpan.FromMilliseconds(300)), error);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_explicit_call_timeout_wins_over_the_apps()
    {
        var js = new ScriptedJSRuntime { AppCallTimeout = TimeSpan.FromMinutes(5) };
        var handles = new JsHandles(js, new JsHandlesOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        var chart = await Held<Chart>(handles, js);
        js.Script["state"] = _ => Answer.Hang();

        Assert.Equal(new InteropError.Timeout(First, TimeSpan.FromMilliseconds(300)), ErrorOf(await handles.State(chart).WaitAsync(TimeSpan.FromSeconds(20))));
    }

    [Fact]
    public void The_options_say_whether_the_call_timeout_was_set()
    {
        Assert.Equal(JsHandlesOptions.DefaultCallTimeout, new JsHandlesOptions().CallTimeout);
        Assert.False(new JsHandlesOptions().HasCallTimeout);
        Assert.True(new JsHandlesOptions { CallTimeout = JsHandlesOptions.DefaultCallTimeout }.HasCallTimeout);
    }
}
