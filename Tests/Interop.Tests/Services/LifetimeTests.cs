using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Services;

/// <summary>The JS table is made once and torn down once, whatever order the first call and disposal come in.</summary>
public class LifetimeTests
{
    [Fact]
    public async Task Disposing_while_the_first_call_imports_the_module_still_tears_the_table_down()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        var import = Answer.Hang();
        var release = ((Answer.Hangs)import).Release;
        js.Script["import"] = _ => import;
        js.Script["hold"] = _ => Answer.Of(First);

        var first = handles.Hold<Chart>(new FakeReference());
        await WaitUntil(() => js.Functions.Contains("import"));
        await handles.DisposeAsync(); // cancels the start in flight: the call is Disconnected at once
        release.SetResult("{\"__jsObjectId\":7}");

        Assert.IsType<InteropError.Disconnected>(ErrorOf(await first));
        await Task.Delay(100);
        Assert.DoesNotContain("hold", js.Functions);
        Assert.DoesNotContain("createTable", js.Functions); // the import was given up: nothing was made
    }

    [Fact]
    public async Task Disposing_while_the_table_is_being_made_tears_down_what_was_made()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromSeconds(30) });
        var create = Answer.Hang();
        js.Script["createTable"] = _ => create;

        js.Script["disposeTableByToken"] = _ => Answer.Of(null);
        var first = handles.Hold<Chart>(new FakeReference());
        await WaitUntil(() => js.Functions.Contains("createTable"));
        var disposing = handles.DisposeAsync().AsTask();
        await Task.Delay(50);
        ((Answer.Hangs)create).Release.SetResult("3");
        await disposing;

        // Disposal cancels the start: .NET never learns the table's id, so it asks JS to dispose what it made for
        // this service's token (JS runs calls in order: createTable first).
        Assert.IsType<InteropError.Disconnected>(ErrorOf(await first));
        var token = CallsTo(js, "createTable").Single().Arg(2).GetString();
        await WaitUntil(() => CallsTo(js, "disposeTableByToken").Length == 1);
        Assert.Equal(token, CallsTo(js, "disposeTableByToken").Single().Arg(0).GetString());
        await WaitUntil(() => js.ReleasedObjects == 1); // the module reference
        Assert.DoesNotContain("hold", js.Functions);
    }

    [Fact]
    public async Task An_import_still_in_flight_when_disposal_begins_is_given_up_and_nothing_is_made()
    {
        // No timeout: the first call would wait for the import as long as it takes; disposal comes meanwhile,
        // cancels the start at once, and nothing is made that outlives the service.
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = Timeout.InfiniteTimeSpan });
        var import = Answer.Hang();
        js.Script["import"] = _ => import;
        js.Script["hold"] = _ => Answer.Of(First);

        var first = handles.Hold<Chart>(new FakeReference());
        await WaitUntil(() => js.Functions.Contains("import"));
        var disposing = handles.DisposeAsync().AsTask();

        Assert.IsType<InteropError.Disconnected>(ErrorOf(await first.WaitAsync(TimeSpan.FromSeconds(10))));
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        ((Answer.Hangs)import).Release.SetResult("{\"__jsObjectId\":7}");
        await Task.Delay(100);
        Assert.DoesNotContain("createTable", js.Functions);
        Assert.DoesNotContain("hold", js.Functions);
    }

    [Fact]
    public async Task A_fast_path_registration_that_lands_after_disposal_gave_up_waiting_is_torn_down_by_the_start_itself()
    {
        // On WebAssembly the start registers tether.js for [JSImport] (an await) after it has made the table.
        // Disposal coming meanwhile waits one call timeout for the start, then leaves the table to it.
        // Two seconds: the import and the table must be made within the timeout (a loaded machine took more
        // than 300 ms once), and disposal must still give up waiting before the registration lands.
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromSeconds(2) });
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handles.Bridge.RegisterFastPath = async (module, table, _) =>
        {
            registering.TrySetResult();
            await registered.Task;
            return new JsBridge.Connection(module, table);
        };
        js.Script["hold"] = _ => Answer.Of(First);

        var first = handles.Hold<Chart>(new FakeReference());
        var reached = await Task.WhenAny(registering.Task, first).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(reached == registering.Task, $"the start ended before the registration: {(first.IsCompleted ? ErrorOf(await first) : null)}");
        await handles.DisposeAsync(); // gives up waiting for the start after the call timeout
        Assert.Empty(CallsTo(js, "disposeTable"));
        registered.SetResult();

        Assert.IsType<InteropError.Disconnected>(ErrorOf(await first));
        await WaitUntil(() => js.Functions.Contains("disposeTable"));
        Assert.Equal(1, Assert.Single(CallsTo(js, "disposeTable")).Arg(0).GetInt32());
        Assert.Equal(1, js.ReleasedObjects); // the module reference
        Assert.DoesNotContain("hold", js.Functions);
    }

    [Fact]
    public async Task Disposing_twice_tears_down_once_and_every_later_call_is_Disconnected()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);

        await handles.DisposeAsync();
        await handles.DisposeAsync();

        Assert.Single(CallsTo(js, "disposeTable"));
        Assert.Equal(new InteropError.Disconnected(First), ErrorOf(await handles.State(chart)));
        Assert.IsType<InteropError.Disconnected>(ErrorOf(await handles.Hold<Chart>(new FakeReference())));
    }

    [Fact]
    public async Task Disposing_a_service_that_never_started_calls_nothing()
    {
        var (handles, js) = Make();

        await handles.DisposeAsync();

        Assert.Empty(js.Calls);
    }

    [Fact]
    public async Task A_teardown_that_fails_is_quiet()
    {
        var (handles, js) = Make();
        await Held<Chart>(handles, js);
        js.Script["disposeTable"] = _ => new Answer.Raises(new Microsoft.JSInterop.JSDisconnectedException("gone"));

        await handles.DisposeAsync();

        Assert.Single(CallsTo(js, "disposeTable"));
    }
}
