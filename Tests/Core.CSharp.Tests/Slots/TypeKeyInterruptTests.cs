using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>The process-wide type registry's lock never waits interruptibly.</summary>
public class TypeKeyInterruptTests
{
    [Fact]
    public void A_leak_report_waiting_for_the_type_registry_names_the_type_and_keeps_the_interrupt_pending()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 65_536, LanesOverride = 4 }).Value();
        table.Add(new Resource(1)).Value();
        var report = Interrupts.WaitThroughInterrupt(Interrupts.Hold(null, typeof(TypeKey), "Gate"), table.LeakReport);
        Assert.Equal(typeof(Resource), Assert.Single(report.Entries).Type);
    }
}
