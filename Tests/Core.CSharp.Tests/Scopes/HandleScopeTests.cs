using System.Linq;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Scopes;

public class HandleScopeTests
{
    [Fact]
    public void Disposing_a_scope_drops_exactly_its_handles()
    {
        using var table = HandleTable.Create();
        var outside = table.Add(new Resource(0)).Value();
        var scope = table.OpenScope();
        var inside = Enumerable.Range(1, 3).Select(i => scope.Add(new Resource(i)).Value()).ToList();
        Assert.Equal(3, scope.Count);

        scope.Dispose();

        Assert.True(scope.IsDisposed);
        foreach (var handle in inside)
            table.Get(handle).FailsWith(new HandleError.Dropped(handle.Raw));
        Assert.Equal(0, table.Get(outside).Value().Id);
        Assert.Equal(1, table.Counts.Live);
        Assert.Equal(0, scope.Count);
    }

    [Fact]
    public void Scopes_nest_and_disposing_a_parent_disposes_its_children()
    {
        using var table = HandleTable.Create();
        var parent = table.OpenScope();
        var child = parent.OpenScope();
        var grandchild = child.OpenScope();
        var a = parent.Add(new Resource(1)).Value();
        var b = child.Add(new Resource(2)).Value();
        var c = grandchild.Add(new Resource(3), Hold.Weak).Value();

        Assert.True(child.Parent.IsSome);
        Assert.True(parent.Parent.IsNone);
        parent.Dispose();

        Assert.True(child.IsDisposed);
        Assert.True(grandchild.IsDisposed);
        Assert.Equal(HandleState.Dropped, table.State(a));
        Assert.Equal(HandleState.Dropped, table.State(b));
        Assert.Equal(HandleState.Dropped, table.State(c));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void A_disposed_scope_refuses_adds_and_children()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        scope.Dispose();
        scope.Dispose();

        scope.Add(new Resource(1)).FailsWith(HandleError.Disposed.Scope(0));
        var child = scope.OpenScope();
        Assert.True(child.IsDisposed);
        child.Add(new Resource(2)).FailsWith(HandleError.Disposed.Scope(0));
        Assert.True(scope.Close().IsSucc);
    }

    [Fact]
    public void Promote_moves_a_handle_to_the_enclosing_scope_or_the_table()
    {
        using var table = HandleTable.Create();
        var outer = table.OpenScope();
        var inner = outer.OpenScope();
        var toOuter = inner.Add(new Resource(1)).Value();
        var toTable = outer.Add(new Resource(2)).Value();

        Assert.True(inner.Promote(toOuter).IsSucc);
        inner.Dispose();
        Assert.Equal(1, table.Get(toOuter).Value().Id);

        Assert.True(outer.Promote(toTable).IsSucc);
        outer.Dispose();
        Assert.Equal(2, table.Get(toTable).Value().Id);
        table.Get(toOuter).FailsWith(new HandleError.Dropped(toOuter.Raw));
    }

    [Fact]
    public void Promoting_a_handle_of_another_scope_is_WrongScope()
    {
        using var table = HandleTable.Create();
        var one = table.OpenScope();
        var other = table.OpenScope();
        var handle = other.Add(new Resource(1)).Value();
        var loose = table.Add(new Resource(2)).Value();

        one.Promote(handle).FailsWith(new HandleError.WrongScope(handle.Raw));
        one.Promote(loose).FailsWith(new HandleError.WrongScope(loose.Raw));
        table.Drop(handle).Value();
        other.Promote(handle).FailsWith(new HandleError.Dropped(handle.Raw));
    }

    [Fact]
    public void A_handle_dropped_by_hand_leaves_its_scope()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        var handle = scope.Add(new Resource(1)).Value();
        table.Drop(handle).Value();
        Assert.Equal(0, scope.Count);
        var reused = table.Add(new Resource(2)).Value();

        scope.Dispose();

        Assert.Equal(2, table.Get(reused).Value().Id);
    }

    [Fact]
    public void Disposing_the_table_closes_its_scopes()
    {
        var table = HandleTable.Create();
        var scope = table.OpenScope();
        var handle = scope.Add(new Resource(1)).Value();
        table.Dispose();

        Assert.True(scope.IsDisposed);
        scope.Add(new Resource(2)).FailsWith(new HandleError.Disposed(0));
        Assert.True(table.OpenScope().IsDisposed);
        table.OpenScope().Add(new Resource(3)).FailsWith(new HandleError.Disposed(0));
        table.Get(handle).FailsWith(new HandleError.Disposed(handle.Raw));
    }
}
