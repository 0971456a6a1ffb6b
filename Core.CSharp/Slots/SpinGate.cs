using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// The lock of one lane of the slot table (see SlotTable.Lanes.cs), and of every service of the table: a spin
/// lock, taken with one compare-exchange and left with a release write, whose waiters never sleep.
/// </summary>
/// <remarks>
/// Not a Monitor or <see cref="System.Threading.Lock"/>: what it guards is a few dozen instructions with no
/// user code, no callback and no wait inside, and an uncontended <c>Lock</c> costs an atomic operation to enter
/// and another to leave. Never re-entered. On ARM64 as on x64: the CompareExchange that takes it is a full
/// fence (no access inside moves above it) and the Volatile.Write that frees it a release (none moves below
/// it), so each holder sees everything the previous holder wrote. A waiter spins briefly, then yields, then
/// sleeps, since a holder may have been preempted. Its own object, padded to 128 bytes on each side, so taking
/// it never writes the cache line of the fields lookups read, nor that of another lane's lock (two locks
/// allocated one after the other would otherwise share a line, and two threads on two lanes would still
/// contend for it). Sequential layout: left to itself, the runtime puts the int first and both paddings after
/// it. (Tests/Core.Coyote.Tests replaces this file with a Monitor, which Coyote controls.)
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal sealed class SpinGate
{
#pragma warning disable CS0169 // padding, never read
    private Padding _before;
    private int _held;
    private Padding _after;
#pragma warning restore CS0169

    [InlineArray(16)]
    private struct Padding
    {
        private long _element;
    }

    /// <summary>Takes the lock if it is free, without waiting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryTake() => Interlocked.CompareExchange(ref _held, 1, 0) == 0;

    /// <summary>Takes the lock, waiting for it; <see cref="Release"/> lets it go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Take()
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
            Contend();
    }

    /// <summary>Lets the lock go (a release write: nothing written under it moves below it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release() => Volatile.Write(ref _held, 0);

    /// <summary>Takes the lock for a <c>using</c> block, which lets it go: <c>using (_gate.Enter()) { ... }</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Held Enter()
    {
        Take();
        return new Held(this);
    }

    /// <summary>The lock, taken by <see cref="Enter"/>; disposing it lets the lock go.</summary>
    public readonly ref struct Held(SpinGate gate)
    {
        /// <summary>Lets the lock go.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Dispose() => gate.Release();
    }

    /// <summary>
    /// Waits for the lock: spins with growing pauses while a holder is likely running, then yields the
    /// processor between attempts. Nothing here can throw: no sleep, no blocking wait, no allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Contend()
    {
        int round = 0;
        do
        {
            // Stryker disable once Equality,Arithmetic : how long to spin before yielding only tunes the wait
            if (round < SpinRounds)
                Thread.SpinWait(1 << round++);
            else
                Thread.Yield(); // gives the processor to a ready thread (maybe the holder); not interruptible
        }
        while (Volatile.Read(ref _held) != 0 || Interlocked.CompareExchange(ref _held, 1, 0) != 0);
    }

    // Spins of 1, 2, 4 .. 512 pause instructions (a few microseconds in all), then yields.
    private const int SpinRounds = 10;
}
