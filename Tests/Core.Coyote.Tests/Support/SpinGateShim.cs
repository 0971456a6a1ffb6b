using System.Threading;

namespace Tether;

/// <summary>
/// Stands in for the core's <c>SpinGate</c> (Core.CSharp/Slots/SpinGate.cs, left out of this assembly) with a
/// Monitor. A spin lock's waiter spins and yields where Coyote 1.7.11 cannot see it, so a schedule that pauses
/// the holder ends in "potential deadlock or hang"; Coyote controls Monitor. Mutual exclusion is the same.
/// </summary>
internal sealed class SpinGate
{
    public bool TryTake() => Monitor.TryEnter(this);

    public void Take() => Monitor.Enter(this);

    public void Release() => Monitor.Exit(this);

    public Held Enter()
    {
        Take();
        return new Held(this);
    }

    public readonly ref struct Held(SpinGate gate)
    {
        public void Dispose() => gate.Release();
    }
}
