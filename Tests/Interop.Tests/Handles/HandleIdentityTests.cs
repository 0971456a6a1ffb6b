using System.Linq;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Handles;

/// <summary>A handle cannot be forged, retyped, or used with another service (another circuit).</summary>
public class HandleIdentityTests
{
    [Fact]
    public async Task A_default_handle_answers_Unknown_everywhere_and_sends_nothing()
    {
        var (handles, js) = Make();
        JsHandle<Chart> none = default;

        Assert.True(none.IsDefault);
        Assert.Equal(new HandleError.Unknown(0), ErrorOf(await handles.State(none)));
        Assert.Equal(new HandleError.Unknown(0), ErrorOf(await handles.Drop(none)));
        Assert.Equal(new HandleError.Unknown(0), ErrorOf(await handles.Invoke<Chart, int>(none, "width")));
        Assert.Equal(new HandleError.Unknown(0), ErrorOf(await handles.Loosen(none)));
        Assert.Empty(js.Calls);
    }

    [Fact]
    public async Task A_handle_of_another_service_is_WrongTable_and_reaches_nothing()
    {
        var (mine, myJs) = Make();
        var (theirs, theirJs) = Make();
        var their = await Held<Chart>(theirs, theirJs);
        var ours = await Held<Chart>(mine, myJs);
        int calls = myJs.Calls.Count;

        Assert.Equal(ours.Value, their.Value); // same number, different tables
        Assert.NotEqual(ours, their);
        Assert.Equal(new HandleError.WrongTable(First), ErrorOf(await mine.Drop(their)));
        Assert.Equal(new HandleError.WrongTable(First), ErrorOf(await mine.Invoke<Chart, int>(their, "width")));
        Assert.Equal(calls, myJs.Calls.Count);
    }

    [Fact]
    public async Task A_handle_used_as_another_type_is_WrongType_naming_both_types()
    {
        var (handles, js) = Make();
        var card = await Held<Card>(handles, js);
        js.Script["state"] = call => Answer.Of(call.Arg(2).GetInt32() == handles.TagOf<Card>() ? "alive" : "wrongtype");
        js.Script["typeOf"] = _ => Answer.Of(handles.TagOf<Card>());

        var error = ErrorOf(await handles.Resolve<Chart>(card.Value));

        Assert.Equal(new HandleError.WrongType(First, typeof(Chart), typeof(Card)), error);
        Assert.Equal(card, Value(await handles.Resolve<Card>(card.Value)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(1L << 53)]
    public async Task Resolving_a_value_no_JS_table_can_issue_is_Unknown_without_a_call(long value)
    {
        var (handles, js) = Make();

        Assert.Equal(new HandleError.Unknown(value), ErrorOf(await handles.Resolve<Chart>(value)));
        Assert.Empty(js.Calls);
    }

    [Theory]
    [InlineData("dropped", typeof(HandleError.Dropped))]
    [InlineData("unknown", typeof(HandleError.Unknown))]
    [InlineData("disposed", typeof(InteropError.Disconnected))]
    public async Task Resolving_a_value_that_is_not_current_says_why(string state, System.Type expected)
    {
        var (handles, js) = Make();
        js.Script["state"] = _ => Answer.Of(state);

        Assert.IsType(expected, ErrorOf(await handles.Resolve<Chart>(First)));
    }

    [Fact]
    public async Task Each_type_gets_its_own_tag_and_keeps_it()
    {
        var (handles, _) = Make();

        int chart = handles.TagOf<Chart>();
        int card = handles.TagOf<Card>();

        Assert.NotEqual(chart, card);
        Assert.True(chart > 0 && card > 0);
        Assert.Equal(chart, handles.TagOf<Chart>());
        await handles.DisposeAsync();
    }

    [Fact]
    public void Handles_show_their_type_and_value()
    {
        Assert.Equal("JsHandle<Chart>(default)", default(JsHandle<Chart>).ToString());
        Assert.Equal(new[] { 0L }, new[] { default(JsHandle<Chart>).Value }.ToArray());
    }
}
