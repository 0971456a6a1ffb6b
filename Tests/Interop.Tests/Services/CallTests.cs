using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LanguageExt;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Services;

/// <summary>What each call sends to tether.js and how its answer reads.</summary>
public class CallTests
{
    [Fact]
    public async Task Holding_sends_the_type_tag_and_answers_the_handle_js_issued_disposing_the_reference()
    {
        var (handles, js) = Make();
        var reference = new FakeReference();
        js.Script["hold"] = _ => Answer.Of(Second);

        var chart = Value(await handles.Hold<Chart>(reference, Hold.Weak));

        Assert.Equal(Second, chart.Value);
        Assert.Equal(["import", "createTable", "hold"], js.Functions);
        var hold = CallsTo(js, "hold").Single();
        Assert.True(hold.Arg(2).GetBoolean()); // weak
        Assert.Equal(handles.TagOf<Chart>(), hold.Arg(3).GetInt32());
        Assert.Equal(1, reference.Disposed);
    }

    [Theory]
    [InlineData(-7, typeof(HandleError.TableFull))]
    [InlineData(-8, typeof(HandleError.NullResource))]
    [InlineData(-10, typeof(InteropError.Disconnected))]
    [InlineData(-11, typeof(HandleError.InvalidArgument))]
    [InlineData(-99, typeof(InteropError.JsError))]
    public async Task Every_code_hold_can_answer_is_its_own_error(long code, Type expected)
    {
        var (handles, js) = Make();
        js.Script["hold"] = _ => Answer.Of(code);

        Assert.IsType(expected, ErrorOf(await handles.Hold<Chart>(new FakeReference())));
    }

    [Fact]
    public async Task Holding_null_or_an_out_of_range_hold_is_refused_before_any_call()
    {
        var (handles, js) = Make();

        Assert.Equal(new HandleError.NullResource(typeof(Chart)), ErrorOf(await handles.Hold<Chart>(null!)));
        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.Hold<Chart>(new FakeReference(), (Hold)7)));
        Assert.DoesNotContain("hold", js.Functions);
    }

    [Fact]
    public async Task A_default_element_reference_is_refused_before_any_call()
    {
        var (handles, js) = Make();

        var error = ErrorOf(await handles.HoldElement(default));

        var invalid = Assert.IsType<HandleError.InvalidArgument>(error);
        Assert.Contains("not been rendered", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(js.Calls);
    }

    [Theory]
    [InlineData("collected", typeof(HandleError.Collected))]
    [InlineData("detached", typeof(InteropError.Detached))]
    [InlineData("dropped", typeof(HandleError.Dropped))]
    [InlineData("unknown", typeof(HandleError.Unknown))]
    [InlineData("disposed", typeof(InteropError.Disconnected))]
    [InlineData(null, typeof(HandleError.Unknown))]
    public async Task A_call_through_a_handle_that_is_not_alive_answers_the_exact_error(string? state, Type expected)
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state });

        var error = ErrorOf(await handles.Invoke<Chart, int>(chart, "width"));

        Assert.IsType(expected, error);
        Assert.Equal(First, error switch { HandleError e => e.Raw, InteropError e => e.Handle, _ => -1 });
    }

    [Fact]
    public async Task Invoke_reads_the_value_and_InvokeVoid_asks_for_none()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = call => call.Arg(5).GetBoolean() ? Answer.Of(new { state = "alive", value = 640 }) : Answer.Of(new { state = "alive" });

        Assert.Equal(640, Value(await handles.Invoke<Chart, int>(chart, "width", 1, "two")));
        Assert.Equal(Unit.Default, Value(await handles.InvokeVoid(chart, "chain")));

        var calls = CallsTo(js, "invoke");
        Assert.Equal([First, First], calls.Select(c => c.Arg(1).GetInt64()));
        Assert.Equal(["width", "chain"], calls.Select(c => c.Arg(3).GetString()));
        Assert.Equal("[1,\"two\"]", calls[0].Arg(4).GetRawText());
        Assert.Equal([true, false], calls.Select(c => c.Arg(5).GetBoolean()));
    }

    [Fact]
    public async Task A_null_or_undefined_result_is_NoValue_for_Invoke_and_None_for_InvokeOptional()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive", value = (string?)null });
        js.Script["getProperty"] = _ => Answer.Of(new { state = "alive" });

        Assert.Equal(new InteropError.NoValue(First, "title"), ErrorOf(await handles.Invoke<Chart, string>(chart, "title")));
        Assert.Equal(new InteropError.NoValue(First, "count"), ErrorOf(await handles.Invoke<Chart, int?>(chart, "count")));
        Assert.Equal(Option<string>.None, Value(await handles.InvokeOptional<Chart, string>(chart, "title")));
        Assert.Equal(Option<int>.None, Value(await handles.GetOptional<Chart, int>(chart, "count")));
        Assert.Equal(new InteropError.NoValue(First, "count"), ErrorOf(await handles.Get<Chart, int>(chart, "count")));
    }

    [Fact]
    public async Task A_JS_error_envelope_carries_its_message()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "error", message = "width is not a function" });

        Assert.Equal(new InteropError.JsError(First, "width is not a function"), ErrorOf(await handles.Invoke<Chart, int>(chart, "width")));
    }

    [Fact]
    public async Task A_null_member_name_is_refused_before_any_call()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        int calls = js.Calls.Count;

        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.Invoke<Chart, int>(chart, null!)));
        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.InvokeVoid(chart, null!)));
        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.Get<Chart, int>(chart, null!)));
        Assert.Equal(calls, js.Calls.Count);
    }

    [Fact]
    public async Task Dropping_many_handles_is_one_call_answering_each_state_in_order()
    {
        var (handles, js) = Make();
        var charts = new JsHandle<Chart>[100];
        for (int i = 0; i < charts.Length; i++)
            charts[i] = await Held<Chart>(handles, js, First + i);
        js.Script["dropMany"] = call => Answer.Of(call.Arg(1).EnumerateArray().Select(h => h.GetInt64() == First + 2 ? "dropped" : "alive").ToArray());
        int before = js.Calls.Count;

        var states = Value(await handles.DropMany(charts));

        Assert.Equal(1, js.Calls.Count - before);
        Assert.Equal(100, states.Length);
        Assert.Equal(JsHandleState.Dropped, states[2]);
        Assert.Equal(JsHandleState.Alive, states[3]);
        Assert.Equal(handles.TagOf<Chart>(), CallsTo(js, "dropMany").Single().Arg(2).GetInt32());
        Assert.Equal(new HandleError.Dropped(First + 2), ErrorOf(await handles.Drop(charts[2])));
    }

    [Fact]
    public async Task Dropping_many_with_one_bad_handle_drops_nothing()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);

        Assert.IsType<HandleError.Unknown>(ErrorOf(await handles.DropMany([chart, default])));
        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.DropMany<Chart>(null!)));
        Assert.Empty(Value(await handles.DropMany(Array.Empty<JsHandle<Chart>>())));
        Assert.DoesNotContain("dropMany", js.Functions);
    }

    [Theory]
    [InlineData("alive", null)]
    [InlineData("detached", null)] // a detached element lives: its hold changed
    [InlineData("collected", typeof(HandleError.Collected))]
    [InlineData("dropped", typeof(HandleError.Dropped))]
    [InlineData("wrongtype", typeof(HandleError.WrongType))]
    public async Task Loosen_and_tighten_succeed_only_on_a_live_object(string state, Type? expected)
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["loosen"] = _ => Answer.Of(state);
        js.Script["tighten"] = _ => Answer.Of(state);
        js.Script["typeOf"] = _ => Answer.Of(handles.TagOf<Card>());

        foreach (var result in new[] { await handles.Loosen(chart), await handles.Tighten(chart) })
        {
            if (expected is null)
                Assert.True(result.IsSucc);
            else
                Assert.IsType(expected, ErrorOf(result));
        }
    }
}
