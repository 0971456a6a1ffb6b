using System.Linq;
using System.Runtime.CompilerServices;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// Issue 14: <c>HandleTable.Create(options)</c> and <c>OpenScope()</c> answer a <c>Fin</c>, because both can
/// fail. A <c>Fin</c> is not a table (<c>.Add</c> on it is CS0411, about LanguageExt's
/// <c>Tuple1Extensions.Add</c>) and not <c>IDisposable</c> (<c>using</c> on it is CS1674), so the right form
/// takes the value out with <c>Case</c> first. These tests are that form, as the docs show it, compiled and run.
/// </summary>
public class FinShapeTests
{
    [Fact]
    public void A_table_with_options_comes_out_of_its_Fin_with_Case_and_using_disposes_it()
    {
        HandleTable? used = null;
        if (HandleTable.Create(new HandleTableOptions { Capacity = 2 }).Case is not HandleTable table)
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
        var created = HandleTable.Create(new HandleTableOptions { Capacity = 0 });
        var error = Assert.IsType<HandleError.InvalidArgument>(created.Case);
        Assert.Equal("capacity 0 is outside 1..16777216 for format Raw53.", error.Reason);
        Assert.Equal(HandleErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void A_scope_comes_out_of_its_Fin_with_Case_and_using_drops_its_handles()
    {
        using var table = HandleTable.Create();
        Handle<Resource> inside = default;
        if (table.OpenScope().Case is HandleScope scope)
        {
            using (scope)
            {
                inside = scope.Add(new Resource(1)).Value();
                Assert.Equal(HandleState.Alive, table.State(inside));
            }

            Assert.True(scope.IsDisposed);
        }

        Assert.Equal(HandleState.Dropped, table.State(inside));
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void A_disposed_table_opens_no_scope_and_Case_is_the_Disposed_error()
    {
        var table = HandleTable.Create();
        table.Dispose();
        Assert.Equal(new HandleError.Disposed(0), table.OpenScope().Case);
        var scopeOfClosed = HandleTable.Create();
        var parent = scopeOfClosed.OpenScope().Value();
        parent.Dispose();
        Assert.Equal(HandleError.Disposed.Scope(0), parent.OpenScope().Case);
        scopeOfClosed.Dispose();
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
