using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Scopes;

/// <summary>
/// The scope book's lock never waits interruptibly: an interrupted thread that waits for it completes its
/// operation, and the interrupt stays pending for the thread's own next wait.
/// </summary>
public class ScopeBookInterruptTests
{
    private static HandleTable Laned() =>
        HandleTable.TryCreate(new HandleTableOptions { Capacity = 65_536, LanesOverride = 4 }).Value();

    private static System.IDisposable HoldBook(HandleTable table) =>
        Interrupts.Hold(Interrupts.FieldOf(table, "_scopes"), typeof(ScopeBook), "_gate");

    [Fact]
    public void Opening_a_scope_while_waiting_for_the_book_opens_it()
    {
        using var table = Laned();
        using var first = table.OpenScope(); // the book exists
        var scope = Interrupts.WaitThroughInterrupt(HoldBook(table), table.OpenScope);
        Assert.False(scope.IsDisposed);
    }

    [Fact]
    public void Adding_through_a_scope_while_waiting_for_the_book_adds_a_member()
    {
        using var table = Laned();
        var scope = table.OpenScope();
        var added = Interrupts.WaitThroughInterrupt(HoldBook(table), () => scope.Add(new Resource(1)));
        Assert.True(scope.Contains(added.Value().Raw));
        Assert.Equal(1, table.Counts.Live);
    }

    [Fact]
    public void Dropping_a_member_while_waiting_for_the_book_drops_it_and_the_scope_forgets_it()
    {
        using var table = Laned();
        var scope = table.OpenScope();
        var handle = scope.Add(new Resource(2)).Value();
        Assert.True(Interrupts.WaitThroughInterrupt(HoldBook(table), () => table.Drop(handle)).IsSucc);
        Assert.Equal(0, scope.Count);
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void Closing_a_scope_while_waiting_for_the_book_ends_its_handles()
    {
        using var table = Laned();
        var scope = table.OpenScope();
        var resource = new Adversarial.CountingDisposable();
        scope.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();
        Assert.True(Interrupts.WaitThroughInterrupt(HoldBook(table), scope.Close).IsSucc);
        Assert.True(scope.IsDisposed);
        Assert.Equal(1, resource.Disposed);
        Assert.Equal(0, table.Counts.Live);
    }
}
