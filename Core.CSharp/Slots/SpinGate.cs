using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// The lock of one lane of the slot table (see SlotTable.Lanes.cs): a spin lock, taken with one compare-exchange
/// and left with a release write.
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Contend()
    {
        var spin = new SpinWait();
        do
            spin.SpinOnce();
        while (Volatile.Read(ref _held) != 0 || Interlocked.CompareExchange(ref _held, 1, 0) != 0);
    }
}
