using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Leaks;

/// <summary>
/// The leak book's lock never waits interruptibly: an add or a drop that waits for it while its thread is
/// interrupted completes, the book stays in step with the table, and the interrupt stays pending.
/// </summary>
public class LeakBookInterruptTests
{
    private static System.IDisposable HoldBook(HandleTable table) =>
        Interrupts.Hold(Interrupts.FieldOf(table, "_leaks"), typeof(LeakBook), "_gate");

    [Fact]
    public void An_add_and_a_drop_waiting_for_the_leak_book_complete_and_the_book_follows()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 65_536, LanesOverride = 4, LeakTracking = LeakTracking.Ages }).Value();
        var handle = Interrupts.WaitThroughInterrupt(HoldBook(table), () => table.Add(new Resource(1))).Value();
        Assert.Equal(1, table.TrackedCount);

        Assert.True(Interrupts.WaitThroughInterrupt(HoldBook(table), () => table.Drop(handle)).IsSucc);
        Assert.Equal(0, table.TrackedCount);
        Assert.Equal(0, table.Counts.Live);
    }
}
