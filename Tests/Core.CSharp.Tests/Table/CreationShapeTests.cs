using System.Linq;
using System.Runtime.CompilerServices;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// Issue 14: <c>Create(options)</c> answered a <c>Fin</c> where <c>Create()</c> answered a table (so
/// <c>.Add</c> on it was a baffling CS0411), and <c>using var scope = table.OpenScope()</c> was CS1674. Now the
/// fallible creation has its own name, <c>TryCreate</c>, and <c>OpenScope()</c> always answers a scope (born
/// closed on a disposed table or in a closed scope). These tests are the forms the docs show, compiled and run.
/// </summary>
public class CreationShapeTests
{
    [Fact]
    public void A_table_with_options_comes_out_of_its_Fin_with_Case_and_using_disposes_it()
    {
        HandleTable? used = null;
        if (HandleTable.TryCreate(new HandleTableOptions { Capacity = 2 }).Case is not HandleTable table)
            throw new Xunit.Sdk.XunitException("options in range must give a table");
        using (table)
        {
            used = table;
            var handle = table.Add(new Resource(1), Hold.Weak).Value();
            Assert.Equal(HandleState.Alive, table.State(handle));
            Assert.Equal(2, table.Capacity);
        }

        Assert.True(used.IsDisposed);
    }

    [Fact]
    public void Options_out_of_range_come_out_of_Case_as_the_error_that_says_which()
    {
        var created = HandleTable.TryCreate(new HandleTableOptions { Capacity = 0 });
        var error = Assert.IsType<HandleError.InvalidArgument>(created.Case);
        Assert.Equal("capacity 0 is outside 1..16777216 for format Raw53.", error.Reason);
        Assert.Equal(HandleErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void A_scope_is_taken_by_using_directly_and_drops_its_handles()
    {
        using var table = HandleTable.Create();
        Handle<Resource> inside;
        HandleScope used;
        {
            using var scope = table.OpenScope();
            used = scope;
            inside = scope.Add(new Resource(1)).Value();
            Assert.Equal(HandleState.Alive, table.State(inside));
        }

        Assert.True(used.IsDisposed);
        Assert.Equal(HandleState.Dropped, table.State(inside));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void A_scope_opened_on_a_disposed_table_is_born_closed_and_every_member_says_so()
    {
        var table = HandleTable.Create();
        table.Dispose();

        using var scope = table.OpenScope();
        Assert.True(scope.IsDisposed);
        Assert.Same(table, scope.Table);
        Assert.True(scope.Parent.IsNone);
        scope.Add(new Resource(1)).FailsWith(new HandleError.Disposed(0));
        scope.Add(new Resource(1), Hold.Weak).FailsWith(new HandleError.Disposed(0));
        Assert.Equal(0, scope.Count);
        Assert.False(scope.Contains(1));
        Assert.Empty(scope.LeakReport().Entries);
        scope.Promote(new Handle<Resource>(1)).FailsWith(new HandleError.Disposed(1));
        Assert.True(scope.Close().IsSucc);
        Assert.True(scope.OpenScope().IsDisposed);
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void A_child_of_a_closed_scope_is_born_closed_knows_its_parent_and_adds_nothing()
    {
        using var table = HandleTable.Create();
        var parent = table.OpenScope();
        parent.Dispose();

        using var child = parent.OpenScope();
        Assert.True(child.IsDisposed);
        Assert.Same(parent, child.Parent.Case);
        child.Add(new Resource(1)).FailsWith(HandleError.Disposed.Scope(0));
        Assert.Equal(0, table.Counts.Live);

        // The table itself is fine: a new scope on it is open.
        using var open = table.OpenScope();
        Assert.False(open.IsDisposed);
        Assert.Equal(HandleState.Alive, table.State(open.Add(new Resource(2)).Value()));
    }

    [Fact]
    public async System.Threading.Tasks.Task Scopes_opened_while_another_thread_disposes_the_table_are_closed_once_it_is_disposed()
    {
        for (var round = 0; round < 200; round++)
        {
            var table = HandleTable.Create();
            var opened = new System.Collections.Concurrent.ConcurrentBag<HandleScope>();
            using var go = new System.Threading.Barrier(2);
            var opener = System.Threading.Tasks.Task.Run(() =>
            {
                go.SignalAndWait();
                for (var i = 0; i < 50; i++)
                    opened.Add(table.OpenScope());
            });
            go.SignalAndWait();
            table.Dispose();
            await opener;

            Assert.Equal(50, opened.Count);
            Assert.All(opened, s => Assert.True(s.IsDisposed));
            Assert.All(opened, s => s.Add(new Resource(1)).FailsWith(new HandleError.Disposed(0)));
        }
    }

    [Fact]
    public void Tether_adds_no_extension_method_on_Fin_so_a_Fin_never_passes_for_a_table_or_a_scope()
    {
        var onFin = typeof(HandleTable).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.IsStatic && m.IsDefined(typeof(ExtensionAttribute), false))
            .Where(m => m.GetParameters()[0].ParameterType is { IsGenericType: true } p && p.GetGenericTypeDefinition() == typeof(Fin<>))
            .Select(m => $"{m.DeclaringType}.{m.Name}")
            .ToArray();
        Assert.Empty(onFin);
    }
}
