using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Handles;

public sealed record Carrier(string Name, JsHandle<Chart> Chart);

/// <summary>
/// A handle crosses as a handle only as a top-level argument. One inside an array, a dictionary or an object of
/// the caller's is refused with InvalidArgument naming where it is ($ is the argument list; for Set, the value),
/// and nothing is sent: crossing as its own JSON ({"value":N,"isDefault":false}) would be the one wrong answer.
/// </summary>
public class NestedHandleArgumentTests
{
    private static string Refusal(string at) =>
        $"a JsHandle inside an argument cannot cross as a handle (at {at}); only a top-level argument is sent as one: pass it as an argument of its own";

    public static IEnumerable<object[]> Nestings(JsHandle<Chart> chart) =>
    [
        [new object?[] { new[] { chart } }, "$[0][0]"],
        [new object?[] { 1, new List<object> { "a", chart } }, "$[1][1]"],
        [new object?[] { new Dictionary<string, object> { ["inner"] = chart } }, "$[0].inner"],
        [new object?[] { new Carrier("c", chart) }, "$[0].chart"],
        [new object?[] { new { deep = new[] { new { chart } } } }, "$[0].deep[0].chart"],
    ];

    [Fact]
    public async Task A_handle_nested_at_any_depth_is_refused_with_its_path_and_nothing_is_sent()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive", value = "called" });

        foreach (var nesting in Nestings(chart))
        {
            var args = (object?[])nesting[0];
            var invoked = await handles.Invoke<Chart, string>(chart, "draw", args);
            var invalid = Assert.IsType<HandleError.InvalidArgument>(ErrorOf(invoked));
            Assert.Equal(Refusal((string)nesting[1]), invalid.Reason);
        }

        Assert.Empty(CallsTo(js, "invoke"));
    }

    [Fact]
    public async Task A_handle_nested_in_a_value_set_on_a_property_is_refused_the_same_way()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);

        var set = await handles.Set(chart, "series", new[] { chart });

        Assert.Equal(Refusal("$[0]"), Assert.IsType<HandleError.InvalidArgument>(ErrorOf(set)).Reason);
        Assert.Empty(CallsTo(js, "setProperty"));
    }

    [Fact]
    public async Task A_top_level_handle_still_crosses_as_a_handle()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive", value = "called" });

        Assert.Equal("called", Value(await handles.Invoke<Chart, string>(chart, "draw", chart)));
        Assert.Equal(First, Assert.Single(CallsTo(js, "invoke")).Arg(4)[0].GetProperty("__tetherHandle").GetInt64());
    }
}
