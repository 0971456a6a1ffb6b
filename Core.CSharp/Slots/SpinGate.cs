using System.Runtime.CompilerServices;
using System.Threading;

namespace Tether;

/// <summary>
/// The slot table's one short lock: a spin lock, taken with one compare-exchange and left with a release write.
/// </summary>
/// <remarks>
/// Not a Monitor or <see cref="System.Threading.Lock"/>: what it guards is a few dozen instructions with no
/// user code, no callback and no wait inside, and an uncontended <c>Lock</c> costs an atomic operation to enter
/// and another to leave. Never re-entered. On ARM64 as on x64: the CompareExchange that takes it is a full
/// fence (no access inside moves above it) and the Volatile.Write that frees it a release (none moves below
/// it), so each holder sees everything the previous holder wrote. A waiter spins briefly, then yields, then
/// sleeps, since a holder may have been preempted. Its own object, so taking it never writes the cache line
/// of the fields lookups read. (Tests/Core.Coyote.Tests replaces this file with a Monitor, which Coyote controls.)
/// </remarks>
internal sealed class SpinGate
{
    private int _held;

    /// <summary>Takes the lock; dispose the answer to let it go (<c>using (gate.Hold())</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Held Hold()
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
            Contend();
        return new Held(this);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Contend()
    {
        var spin = new SpinWait();
        do
            spin.SpinOnce();
        while (Volatile.Read(ref _held) != 0 || Interlocked.CompareExchange(ref _held, 1, 0) != 0);
    }

    /// <summary>The lock, held until disposed.</summary>
    public readonly ref struct Held(SpinGate gate)
    {
        /// <summary>Lets the lock go.</summary>
        public void Dispose() => Volatile.Write(ref gate._held, 0);
    }
}
