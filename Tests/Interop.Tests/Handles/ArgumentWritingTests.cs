using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Handles;

public sealed class Loop
{
    public JsHandle<Chart>? Chart { get; set; }

    public Loop? Next { get; set; }
}

public sealed class Optional(JsHandle<Chart>? chart)
{
    public JsHandle<Chart>? Chart { get; } = chart;
}

public sealed class Target
{
    public int Id { get; } = 5;
}

/// <summary>
/// Arguments are written one element at a time to find a nested handle; everything else must cross as the runtime
/// itself would write it: its own converters (DotNetObjectReference), its errors (a cycle) as Serialization.
/// </summary>
public class ArgumentWritingTests
{
    private static string Refusal(string at) =>
        $"a JsHandle inside an argument cannot cross as a handle (at {at}); only a top-level argument is sent as one: pass it as an argument of its own";

    [Fact]
    public async Task A_cyclic_argument_answers_Serialization_and_nothing_is_sent()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive", value = "called" });
        var loop = new Loop();
        loop.Next = loop;

        var invoked = await handles.Invoke<Chart, string>(chart, "draw", loop);

        Assert.IsType<InteropError.Serialization>(ErrorOf(invoked));
        Assert.Empty(CallsTo(js, "invoke"));
    }

    [Fact]
    public async Task A_handle_in_a_cyclic_argument_or_a_nullable_property_is_refused_with_its_path()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        var loop = new Loop { Chart = chart };
        loop.Next = loop;

        var looped = await handles.Invoke<Chart, string>(chart, "draw", 1, loop);
        var optional = await handles.Invoke<Chart, string>(chart, "draw", new Optional(chart));

        Assert.Equal(Refusal("$[1].chart"), Assert.IsType<HandleError.InvalidArgument>(ErrorOf(looped)).Reason);
        Assert.Equal(Refusal("$[0].chart"), Assert.IsType<HandleError.InvalidArgument>(ErrorOf(optional)).Reason);
        Assert.Empty(CallsTo(js, "invoke"));
    }

    [Fact]
    public async Task A_DotNetObjectReference_inside_an_argument_crosses_by_the_runtimes_own_converter()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive", value = "called" });
        using var reference = DotNetObjectReference.Create(new Target());

        var invoked = await handles.Invoke<Chart, string>(chart, "draw", reference, new Dictionary<string, object> { ["callback"] = reference });

        Assert.Equal("called", Value(invoked));
        var args = Assert.Single(CallsTo(js, "invoke")).Arg(4);
        long id = args[0].GetProperty("__dotNetObject").GetInt64();
        Assert.True(id > 0);
        Assert.Equal(id, args[1].GetProperty("callback").GetProperty("__dotNetObject").GetInt64());
    }
}
