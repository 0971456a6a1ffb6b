using System.Threading.Tasks;
using LanguageExt;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Handles;

/// <summary>
/// InvokeAndHold: what JS answers as the held result's handle is trusted if it is positive
/// (FromHoldCode: "> 0 =>" a handle). On Blazor Server the answering JS is the client's, so a hostile client can
/// mint JsHandles with values no tether.js table can issue (above 2^53 - 1, JS's largest exact integer): the
/// service then holds a handle that its own Resolve refuses as Unknown for the very same number.
/// </summary>
public class ForgedHoldAnswerTests
{
    private const long Forged = 1L << 62;

    [Fact]
    public async Task InvokeAndHold_refuses_a_handle_value_no_table_can_issue_as_Resolve_does()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invokeAndHold"] = _ => Answer.Of(new { state = "alive", value = Forged });

        var resolved = await handles.Resolve<Card>(Forged);
        Assert.Equal(new HandleError.Unknown(Forged), ErrorOf(resolved));

        var held = await handles.InvokeAndHold<Chart, Card>(chart, "getContext", Hold.Strong, "2d");
        Assert.True(held.IsFail, $"a forged answer became a handle: {held}");
    }

    [Fact]
    public async Task Hold_refuses_a_handle_value_no_table_can_issue()
    {
        var (handles, js) = Make();
        js.Script["hold"] = _ => Answer.Of(Forged);

        var held = await handles.Hold<Card>(new FakeReference());
        Assert.True(held.IsFail, $"a forged answer became a handle: {held}");
    }
}
