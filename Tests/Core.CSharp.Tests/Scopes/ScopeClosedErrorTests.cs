using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Scopes;

/// <summary>A closed scope says so; a disposed table says that instead, whatever its scopes.</summary>
public class ScopeClosedErrorTests
{
    [Fact]
    public void Promoting_from_a_closed_scope_says_the_scope_was_disposed()
    {
        using var table = HandleTable.Create();
        var outer = table.OpenScope();
        var inner = outer.OpenScope();
        var handle = inner.Add(new Resource(1)).Value();
        inner.Close().Value();

        inner.Promote(handle).FailsWith(HandleError.Disposed.Scope(handle.Raw));
        Assert.Equal(0, outer.Count);
    }

    [Fact]
    public void Promoting_after_the_table_was_disposed_says_the_table_was_disposed()
    {
        var table = HandleTable.Create();
        var scope = table.OpenScope();
        var handle = scope.Add(new Resource(1)).Value();
        table.Dispose();

        scope.Promote(handle).FailsWith(new HandleError.Disposed(handle.Raw));
        scope.OpenScope().Add(new Resource(3)).FailsWith(new HandleError.Disposed(0));
        scope.Add(new Resource(2)).FailsWith(new HandleError.Disposed(0));
        table.OpenScope().Add(new Resource(4)).FailsWith(new HandleError.Disposed(0));
    }
}
