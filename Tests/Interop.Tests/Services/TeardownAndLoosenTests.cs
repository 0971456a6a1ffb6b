using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Services;

/// <summary>nothing the service makes in JS outlives it.</summary>
public class TeardownAndLoosenTests
{
    [Fact]
    public async Task A_table_made_after_its_createTable_call_gave_up_is_still_torn_down()
    {
        // The first call's token is canceled while createTable is on its way: JS still runs createTable (a table
        // and a MutationObserver on document.body), but .NET never learns its id. The token is canceled by the
        // script itself, so the moment is exact whatever the machine's load (a 200 ms timeout could expire during
        // the import instead, before createTable was ever asked).
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromSeconds(30) });
        var slow = Answer.Hang();
        using var caller = new CancellationTokenSource();
        int creates = 0;
        js.Script["createTable"] = _ =>
        {
            if (Interlocked.Increment(ref creates) != 1)
                return Answer.Of(4);
            caller.Cancel();
            return slow;
        };
        js.Script["hold"] = _ => Answer.Of(First);
        js.Script["disposeTableByToken"] = _ => Answer.Of(null);

        Assert.IsType<InteropError.Canceled>(ErrorOf(await handles.Hold<Chart>(new FakeReference(), cancellationToken: caller.Token)));
        ((Answer.Hangs)slow).Release.SetResult("3"); // JS made table 3
        Value(await handles.Hold<Chart>(new FakeReference())); // the next call makes table 4
        await handles.DisposeAsync();

        // The id never came back, so .NET asks JS to dispose what it made for this service's token (JS runs
        // calls in order: the late createTable before this); the table it did learn is disposed by id.
        string token = CallsTo(js, "createTable")[0].Arg(2).GetString()!;
        var byToken = Assert.Single(CallsTo(js, "disposeTableByToken"));
        Assert.Equal(token, byToken.Arg(0).GetString());
        Assert.Equal([4], CallsTo(js, "disposeTable").Select(c => c.Arg(0).GetInt32()));
    }

    [Fact]
    public async Task Loosening_a_detached_element_which_tether_js_does_loosen_is_not_reported_as_a_failure()
    {
        // tether.js loosen/tighten act on a 'detached' handle and answer 'detached'; the .NET side turns
        // that into Fail(Detached), so the caller believes nothing changed.
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["loosen"] = _ => Answer.Of("detached");
        js.Script["tighten"] = _ => Answer.Of("detached");

        Assert.True((await handles.Loosen(chart)).IsSucc);
        Assert.True((await handles.Tighten(chart)).IsSucc);
    }
}
