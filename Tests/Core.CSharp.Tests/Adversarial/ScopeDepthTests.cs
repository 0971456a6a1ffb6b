using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// Closing deeply nested scopes must not recurse once per level. On the current code this
/// overflows the stack, which kills the test host (no exception can be caught): run it alone with
/// <c>--filter FullyQualifiedName~ScopeDepthTests</c>, or exclude it with <c>FullyQualifiedName!~ScopeDepthTests</c>.
/// </summary>
public class ScopeDepthTests
{
    private const int Depth = 20_000;

    [Fact]
    public void Closing_twenty_thousand_nested_scopes_from_the_outermost_ends_every_handle_on_a_one_megabyte_stack()
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                CloseNestedScopes();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize: 1 << 20) { IsBackground = true };

        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "closing the scopes did not finish");
        if (failure is not null)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }

    private static void CloseNestedScopes()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, OnLeaks = _ => { } }).Value();
        var outermost = table.OpenScope();
        var scope = outermost;
        var handles = new List<Handle<Resource>>(Depth + 1) { scope.Add(new Resource(0)).Value() };
        var scopes = new List<HandleScope>(Depth + 1) { scope };
        for (int i = 1; i <= Depth; i++)
        {
            scope = scope.OpenScope();
            scopes.Add(scope);
            handles.Add(scope.Add(new Resource(i)).Value());
        }

        Assert.True(outermost.Close().IsSucc);

        Assert.All(handles, h => Assert.Equal(HandleState.Dropped, table.State(h)));
        Assert.True(scopes.All(s => s.IsDisposed));
        Assert.Equal(new TableCounts(0, 0, 0, HandleTableOptions.DefaultCapacity, 0), table.Counts);
    }
}
