using global::Wasmtime;
using Xunit;

namespace Tether.Wasmtime.Tests.Bridge;

/// <summary>
/// Issue 14 ("A disposed scope says 'The handle table has been disposed'"): attaching a store to a
/// closed scope (one that was disposed, or one born closed in a closed scope, as OpenScope now answers) on a
/// table that is alive fails with the table's message; the core says "The handle scope has been disposed."
/// for the same case (HandleError.Disposed.Scope), and the table is in fact fine.
/// </summary>
public class ScopeAttachTests
{
    [Fact]
    public void Attaching_to_a_closed_scope_of_a_live_table_says_the_scope_was_disposed()
    {
        var bridge = HandleBridge.Define(new Linker(Guest.Engine), new HandleBridgeOptions { Form = WireForm.I64 }).Match(b => b, e => throw new System.InvalidOperationException(e.Message));
        using var store = new Store(Guest.Engine);
        using var table = HandleTable.Create();
        var closed = table.OpenScope();
        closed.Dispose();
        var bornClosed = closed.OpenScope();

        foreach (var scope in new[] { closed, bornClosed })
        {
            var error = bridge.Attach(store, scope).Match(_ => null, e => e as HandleError);
            var disposed = Assert.IsType<HandleError.Disposed>(error);
            Assert.Equal("The handle scope has been disposed.", disposed.Message);
            Assert.Equal("Disposed(6): The handle scope has been disposed.", disposed.ToString());
        }

        Assert.False(table.IsDisposed);
    }
}
