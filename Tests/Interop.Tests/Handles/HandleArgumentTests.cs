using System;
using System.Linq;
using System.Threading.Tasks;
using LanguageExt;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Handles;

/// <summary>Handles as the arguments and the results of JS calls, on the IJSRuntime path (Server, and WebAssembly before Connect).</summary>
public class HandleArgumentTests
{
    [Fact]
    public async Task A_handle_among_the_arguments_reaches_JS_as_a_marker_with_its_type_tag_and_the_table_s_brand()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        var card = await Held<Card>(handles, js, Second);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive" });

        Assert.Equal(Unit.Default, Value(await handles.InvokeVoid(chart, "add", 1, card, "x")));

        var call = CallsTo(js, "invoke").Single();
        string brand = CallsTo(js, "createTable").Single().Arg(3).GetString()!;
        Assert.Equal($"[1,{{\"__tetherHandle\":{Second},\"__tetherType\":{handles.TagOf<Card>()},\"__tetherBrand\":\"{brand}\"}},\"x\"]", call.Arg(4).GetRawText());
    }

    [Fact]
    public async Task A_default_handle_or_one_of_another_service_among_the_arguments_is_refused_before_any_call()
    {
        var (handles, js) = Make();
        var (other, otherJs) = Make();
        var chart = await Held<Chart>(handles, js);
        var foreign = await Held<Card>(other, otherJs, Second);
        int calls = js.Calls.Count;

        Assert.Equal(new HandleError.Unknown(0), ErrorOf(await handles.InvokeVoid(chart, "add", default(JsHandle<Card>))));
        Assert.Equal(new HandleError.WrongTable(Second), ErrorOf(await handles.Invoke<Chart, int>(chart, "add", 1, foreign)));
        Assert.Equal(new HandleError.WrongTable(Second), ErrorOf(await handles.Set(chart, "card", foreign)));
        Assert.Equal(new HandleError.WrongTable(Second), ErrorOf(await handles.InvokeAndHold<Chart, Card>(chart, "make", Hold.Strong, foreign)));
        Assert.Equal(calls, js.Calls.Count);
    }

    [Fact]
    public async Task InvokeAndHold_sends_the_result_type_tag_and_the_hold_and_answers_the_handle_JS_held()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invokeAndHold"] = _ => Answer.Of(new { state = "alive", value = Second });

        var context = Value(await handles.InvokeAndHold<Chart, Card>(chart, "getContext", Hold.Weak, "2d"));

        Assert.Equal(Second, context.Value);
        var call = CallsTo(js, "invokeAndHold").Single();
        Assert.Equal(First, call.Arg(1).GetInt64());
        Assert.Equal(handles.TagOf<Chart>(), call.Arg(2).GetInt32());
        Assert.Equal("getContext", call.Arg(3).GetString());
        Assert.Equal("[\"2d\"]", call.Arg(4).GetRawText());
        Assert.True(call.Arg(5).GetBoolean());
        Assert.Equal(handles.TagOf<Card>(), call.Arg(6).GetInt32());
    }

    [Theory]
    [InlineData(null, typeof(InteropError.NoValue))]
    [InlineData(-7L, typeof(HandleError.TableFull))]
    [InlineData(-10L, typeof(InteropError.Disconnected))]
    [InlineData(-11L, typeof(HandleError.InvalidArgument))]
    [InlineData(-99L, typeof(InteropError.JsError))]
    public async Task InvokeAndHold_answers_each_refusal_as_its_own_error(long? value, Type expected)
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invokeAndHold"] = _ => Answer.Of(new { state = "alive", value });

        Assert.IsType(expected, ErrorOf(await handles.InvokeAndHold<Chart, Card>(chart, "getContext", Hold.Strong, "2d")));
    }

    [Fact]
    public async Task InvokeAndHold_with_no_result_is_NoValue_naming_the_method()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invokeAndHold"] = _ => Answer.Of(new { state = "alive", value = (long?)null });

        Assert.Equal(new InteropError.NoValue(First, "getContext"), ErrorOf(await handles.InvokeAndHold<Chart, Card>(chart, "getContext", Hold.Strong, "webgpu")));
    }

    [Fact]
    public async Task Set_sends_the_property_and_the_value_and_a_handle_value_as_a_marker()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        var card = await Held<Card>(handles, js, Second);
        js.Script["setProperty"] = _ => Answer.Of(new { state = "alive" });

        Assert.Equal(Unit.Default, Value(await handles.Set(chart, "width", 640)));
        Assert.Equal(Unit.Default, Value(await handles.Set(chart, "card", card)));

        var calls = CallsTo(js, "setProperty");
        Assert.Equal(["width", "card"], calls.Select(c => c.Arg(3).GetString()));
        Assert.Equal("640", calls[0].Arg(4).GetRawText());
        string brand = CallsTo(js, "createTable").Single().Arg(3).GetString()!;
        Assert.Equal($"{{\"__tetherHandle\":{Second},\"__tetherType\":{handles.TagOf<Card>()},\"__tetherBrand\":\"{brand}\"}}", calls[1].Arg(4).GetRawText());
    }

    [Theory]
    [InlineData("dropped", typeof(HandleError.Dropped))]
    [InlineData("detached", typeof(InteropError.Detached))]
    [InlineData("disposed", typeof(InteropError.Disconnected))]
    public async Task Set_through_a_handle_that_is_not_alive_answers_the_exact_error(string state, Type expected)
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["setProperty"] = _ => Answer.Of(new { state });

        Assert.IsType(expected, ErrorOf(await handles.Set(chart, "width", 640)));
    }

    [Fact]
    public async Task A_dead_handle_argument_is_the_JS_error_tether_js_answers()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        var card = await Held<Card>(handles, js, Second);
        js.Script["invoke"] = _ => Answer.Of(new { state = "error", message = "argument 2 is dropped" });

        Assert.Equal(new InteropError.JsError(First, "argument 2 is dropped"), ErrorOf(await handles.InvokeVoid(chart, "add", 1, card)));
    }

    [Fact]
    public async Task Null_names_and_bad_holds_are_refused_before_any_call()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        int calls = js.Calls.Count;

        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.Set(chart, null!, 1)));
        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.InvokeAndHold<Chart, Card>(chart, null!, Hold.Strong)));
        Assert.IsType<HandleError.InvalidArgument>(ErrorOf(await handles.InvokeAndHold<Chart, Card>(chart, "make", (Hold)9)));
        Assert.Equal(new HandleError.Unknown(0), ErrorOf(await handles.Set(default(JsHandle<Chart>), "width", 1)));
        Assert.Equal(new HandleError.Unknown(0), ErrorOf(await handles.InvokeAndHold<Chart, Card>(default, "make", Hold.Strong)));
        Assert.Equal(calls, js.Calls.Count);
    }
}
