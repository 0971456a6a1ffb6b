using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Metrics;

/// <summary>The meter's list of tables is guarded by a lock that never waits interruptibly.</summary>
public class TetherMeterInterruptTests
{
    [Fact]
    public void Creating_a_table_while_waiting_for_the_meter_creates_it_and_keeps_the_interrupt_pending()
    {
        var table = Interrupts.WaitThroughInterrupt(Interrupts.Hold(null, typeof(TetherMeter), "Gate"), HandleTable.Create);
        using (table)
            Assert.False(table.IsDisposed);
    }
}
