using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Ownership;

/// <summary>
/// The ownership book's lock never waits interruptibly: an owned add or drop that waits for it while its
/// thread is interrupted completes, the resource is disposed exactly once, and the interrupt stays pending.
/// </summary>
public class OwnershipBookInterruptTests
{
    private static System.IDisposable HoldBook(HandleTable table) =>
        Interrupts.Hold(Interrupts.FieldOf(table, "_ownership"), typeof(OwnershipBook), "_gate");

    [Fact]
    public void An_owned_add_and_drop_waiting_for_the_book_complete_and_dispose_once()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 65_536, LanesOverride = 4 }).Value();
        table.Add(new Adversarial.CountingDisposable(), Hold.Strong, Tether.Ownership.Owned).Value(); // the book exists
        var resource = new Adversarial.CountingDisposable();

        var handle = Interrupts.WaitThroughInterrupt(HoldBook(table), () => table.Add(resource, Hold.Strong, Tether.Ownership.Owned)).Value();
        Assert.Equal(2, table.Counts.Live);

        Assert.True(Interrupts.WaitThroughInterrupt(HoldBook(table), () => table.Drop(handle)).IsSucc);
        Assert.Equal(1, resource.Disposed);
        Assert.Equal(1, table.Counts.Live);
        Assert.True(table.Add(resource, Hold.Strong, Tether.Ownership.Owned).IsSucc, "the book still thinks the object is owned");
    }
}
