using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// A lane's lock never waits interruptibly: a Thread.Interrupt that arrives while a thread waits for it stays
/// pending for the thread's own next wait, and the lock is taken all the same.
/// </summary>
public class SpinGateInterruptTests
{
    [Fact]
    public void A_waiter_interrupted_while_the_gate_is_held_takes_it_once_free_and_the_interrupt_stays_pending()
    {
        var gate = new SpinGate();
        bool taken = Interrupts.WaitThroughInterrupt(Interrupts.Hold(gate), () =>
        {
            gate.Take();
            gate.Release();
            return true;
        });

        Assert.True(taken);
        Assert.True(gate.TryTake(), "the waiter left the gate held");
    }
}
