using System;
using System.Runtime.CompilerServices;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Scopes;

/// <summary>What the scope tree remembers, and what it lets go of, after handles and scopes end.</summary>
public class ScopeBookkeepingTests
{
    [Fact]
    public void After_the_table_is_disposed_its_scopes_hold_no_handles()
    {
        var table = Fresh.Table();
        var scope = table.OpenScope();
        var child = scope.OpenScope();
        var a = scope.Add(new Resource(1)).Value();
        var b = child.Add(new Resource(2)).Value();

        table.Dispose();

        Assert.True(scope.IsDisposed);
        Assert.Equal(0, scope.Count);
        Assert.Equal(0, child.Count);
        Assert.False(scope.Contains(a.Raw));
        Assert.False(child.Contains(b.Raw));
    }

    [Fact]
    public void Closing_a_scope_frees_its_slots_in_slot_order_whatever_order_they_joined_in()
    {
        using var table = Fresh.Table();
        var x0 = table.Add(new Resource(0)).Value();
        table.Add(new Resource(1)).Value();
        var x2 = table.Add(new Resource(2)).Value();
        table.Drop(x0).Value();
        table.Drop(x2).Value(); // the next adds get slot 2, then slot 0
        var scope = table.OpenScope();
        var first = scope.Add(new Resource(3)).Value();
        var second = scope.Add(new Resource(4)).Value();
        Assert.Equal([2, 0], new[] { Slot(first.Raw), Slot(second.Raw) });

        scope.Close().Value();

        // Slots are freed 0 then 2, and the last freed is the first reused.
        Assert.Equal(2, Slot(table.Add(new Resource(5)).Value().Raw));
        Assert.Equal(0, Slot(table.Add(new Resource(6)).Value().Raw));
    }

    [Fact]
    public void A_closed_scope_is_not_kept_alive_by_its_table_or_its_parent()
    {
        using var table = Fresh.Table();
        var parent = table.OpenScope();
        var root = OpenAndClose(table, parent: null);
        var child = OpenAndClose(table, parent);

        Gc.Collect();

        Assert.False(root.IsAlive, "a closed root scope is still reachable from its table");
        Assert.False(child.IsAlive, "a closed child scope is still reachable from its parent");
        GC.KeepAlive(parent);
    }

    [Fact]
    public void A_closed_scope_that_is_still_referenced_does_not_keep_its_children_alive()
    {
        using var table = Fresh.Table();
        var parent = table.OpenScope();
        var child = OpenChild(parent);

        parent.Close().Value();
        Gc.Collect();

        Assert.False(child.IsAlive);
        GC.KeepAlive(parent);
    }

    [Fact]
    public void The_scopes_of_a_disposed_table_are_not_kept_alive_by_it()
    {
        var table = Fresh.Table();
        var scope = OpenOnly(table);

        table.Dispose();
        Gc.Collect();

        Assert.False(scope.IsAlive);
        GC.KeepAlive(table);
    }

    [Fact]
    public void Once_every_scope_is_closed_for_good_no_scope_opens()
    {
        using var table = Fresh.Table();
        var book = new ScopeBook();

        book.CloseAll();

        Assert.Null(book.Open(table, parent: null));
    }

    [Fact]
    public void A_handle_promoted_out_of_a_root_scope_belongs_to_no_scope()
    {
        using var table = Fresh.Table();
        var book = new ScopeBook();
        var scope = book.Open(table, parent: null)!;
        Assert.True(book.TryJoin(scope, 42));
        Assert.Same(scope, book.ScopeOf(42));

        Assert.Equal(ScopeBook.PromoteOutcome.Moved, book.Promote(scope, 42));

        Assert.Null(book.ScopeOf(42));
        Assert.Equal(0, book.Count(scope));
    }

    private static int Slot(long raw) => (int)(raw & 0xFF_FFFF);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference OpenAndClose(HandleTable table, HandleScope? parent)
    {
        var scope = parent is null ? table.OpenScope() : parent.OpenScope();
        scope.Add(new Resource(1)).Value();
        scope.Close().Value();
        return new WeakReference(scope);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference OpenChild(HandleScope parent) => new(parent.OpenScope());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference OpenOnly(HandleTable table) => new(table.OpenScope());
}
