using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

// The lock-free side of the slot table: every lookup is a seqlock read of one slot.
//
// Why it is correct on weak memory models (ARM64), not only on x64:
//
// Writers (always under the lock of the slot's home lane, see SlotTable.Lanes.cs; one writer per slot at a time):
//   publish (Claim):    write TypeId, Strong / the weak target; then Volatile.Write(Stamp, live)   [release]
//   end (Release):      Volatile.Write(Stamp, free); Volatile.WriteBarrier(); then clear Strong (the weak
//                       target stays: it is only read under a live stamp with a null Strong, which a weak
//                       claim or a loosen reach only after setting a new target)
//   loosen:             set the weak target; then Volatile.Write(Strong, null)                     [release]
//   tighten:            Volatile.Write(Strong, target); the weak target stays
// Readers (TryRead):
//   (1) s1 = Volatile.Read(Stamp)          acquire: (2)-(5) cannot move above it
//   (2) Volatile.Read(TypeId)              acquire: (3)-(5) cannot move above it
//       (TryRead does (1) and (2) as one acquire load of the 8-byte Word that holds both: an aligned
//       8-byte load, single-copy atomic on ARM64 and x64, so both halves come from one moment.)
//   (3) Volatile.Read(Strong)              acquire: (4)-(5) cannot move above it
//   (4) the weak target (a plain load inside the runtime), then Volatile.ReadBarrier(); it is read under the
//       thread's weak-read mark and only if the stamp, read again after the mark was written, is still s1,
//       so a disposing table can free its weak handles at once (WeakReaders says why that is safe)
//   (5) s2 = Volatile.Read(Stamp); succeed only if s1 == s2 == the stamp the raw value carries.
//
// An acquire load only keeps *later* accesses after it; it does not keep *earlier* plain loads from moving
// after it. That is why (2) and (3) are acquire loads themselves rather than plain loads between two acquire
// stamp reads, and why the weak path, whose load (4) we cannot make an acquire, has a read barrier before
// (5): Volatile.ReadBarrier (.NET 10) keeps every earlier load before every later access. It is `dmb ishld`
// on ARM64 and only a compiler barrier on x64, whose loads are not reordered with other loads; a full fence
// (Interlocked.MemoryBarrier) would also be correct but costs ~4 ns per weak lookup on x64 for nothing.
// So (2), (3), (4) all happen before (5) on any hardware.
//
// Suppose a reader's (2)-(4) saw a value written after the slot's handle ended (a cleared field, or the next
// generation's type or resource). Every such write comes after the free stamp's write in Release (program order
// on the writer, and the write barrier after it keeps it before every later store, so the free stamp is visible
// no later than the write; the next generation's writes come after the lock passed on, which orders them too). The reader
// read that write before (5), so (5) sees the free stamp or a later one (the message-passing pattern with a
// barrier on each side). A free stamp carries a bit no live stamp has, and a slot's live stamp comes back only
// after the slot has issued a whole cycle of other values (at least 2,045) and then rested until its table had no
// other slot to give (generations wrap: see TagSpace and the Core README's "Value lifetime"). So s2 != s1 and
// the read fails, unless the reader stalled between (1) and (5) across all of that; then the raw value it was
// given is current again, and what it reads is that value's current resource, type-tested by the typed callers
// as always (never a mix that a typed caller hands out unchecked). Conversely,
// when s1 == s2 every field read belongs to the generation that s1's release-write published: the resource,
// its type id and its hold all match. Types are checked once more, with a real type test, by the typed
// callers before they hand out the object (HandleTable.Get): defense in depth, never Unsafe.As on trust.
//
// A raw value is checked against 1..2^53-1 with tag != 0 (HandleLayout.InRange) before any slot is read: a
// value with bits above bit 52 would otherwise shift into the FreeBit/CollectedBit positions of a stamp.
internal sealed partial class SlotTable
{
    /// <summary>The type id that untyped (raw) operations pass: any issued type is accepted.</summary>
    public const int AnyType = 0;

    /// <summary>The fast path: the live target of a current handle of the given type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(long raw, int typeId, [NotNullWhen(true)] out object? target) =>
        TryRead(raw, typeId, out target, out _);

    /// <summary>As <see cref="TryRead(long, int, out object?)"/>, and whether the hold is strong, from the same consistent read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(long raw, int typeId, [NotNullWhen(true)] out object? target, out bool strong)
    {
        // Stryker disable once Boolean : callers read strong only when TryRead returns true, and that path assigns it
        strong = false;
        target = null;

        // One unsigned compare rejects negative values and values above 2^53 - 1, whose stamp part could
        // otherwise alias a free slot's FreeBit/CollectedBit. Tag 0 needs no test here: a live stamp always
        // has a tag, so a stamp part below 2^21 never matches one; stamp part 0 matches a slot never used
        // only with type id 0, which no caller passes (AnyType goes through Classify), and such a slot has no
        // resource besides.
        Debug.Assert(typeId != AnyType, "TryRead needs a real type id: a never-used slot has stamp 0 and type id 0");
        if ((ulong)raw > HandleLayout.MaxRaw)
            return false;

        int index = HandleLayout.IndexOf(raw);
        var pages = Volatile.Read(ref _pages);
        uint page = (uint)index >> SlotStore.PageBits;
        if (page >= (uint)pages.Length || pages[page] is not { } slots)
            return false;
        ref Slot slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), index & SlotStore.PageMask);

        // (1) and (2) of the argument above in one acquire load: stamp and type id, compared at once.
        int stamp = (int)(raw >> HandleLayout.IndexBits);
        if (Volatile.Read(ref slot.Word) != Slot.WordOf(stamp, typeId))
            return false;

        object? value = Volatile.Read(ref slot.Strong);
        strong = value is not null;
        if (value is null)
            value = ReadWeak(ref slot, stamp);

        bool found = value is not null && Volatile.Read(ref slot.Stamp) == stamp;
        if (found)
            target = value;

        // Stryker disable once Statement : keeps the table (and so its store) alive should it become unreachable mid-read; only a GC in that window plus the bag's finalizer could tell
        GC.KeepAlive(this);
        return found;
    }

    /// <summary>
    /// Step (4) of the argument above, for a weak hold: the weak handle's target, read under this thread's mark and
    /// only while the stamp is still live after the mark was written, since a disposing table frees its handles
    /// only once no mark names it (WeakReaders). Not inlined, so the strong path stays as small as it was.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private object? ReadWeak(ref Slot slot, int stamp)
    {
        object? value = null;
        var mark = WeakReaders.Current();
        Volatile.Write(ref mark.Table, _readerId);
        if (Volatile.Read(ref slot.Stamp) == stamp && slot.Weak.IsAllocated)
            slot.Weak.TryGetTarget(out value);
        // Stryker disable once Statement : orders loads on weak memory models only (a compiler barrier on x64); no test on this hardware can observe it
        Volatile.ReadBarrier();
        Volatile.Write(ref mark.Table, 0);
        return value;
    }

    /// <summary>Whether a current handle of any type holds its live resource strongly, with its type; one consistent read.</summary>
    public bool IsStrong(long raw, out int typeId)
    {
        typeId = 0;
        if (!HandleLayout.InRange(raw) || HandleLayout.TagOf(raw) != Tag)
            return false;
        var store = _store;
        ref Slot slot = ref SlotStore.Find(store.Pages, HandleLayout.IndexOf(raw));
        bool strong = false;
        if (!Unsafe.IsNullRef(ref slot))
        {
            int stamp = Volatile.Read(ref slot.Stamp);
            if (stamp == (int)(raw >> HandleLayout.IndexBits))
            {
                int id = Volatile.Read(ref slot.TypeId);
                bool held = Volatile.Read(ref slot.Strong) is not null;
                if (held && Volatile.Read(ref slot.Stamp) == stamp)
                {
                    typeId = id;
                    strong = true;
                }
            }
        }

        // Stryker disable once Statement : keeps the store alive should the table become unreachable mid-read; only a GC in that window plus the bag's finalizer could tell
        GC.KeepAlive(store);
        return strong;
    }

    /// <summary>Whether the handle is current (alive or a collected tombstone), whatever its type.</summary>
    public bool IsCurrent(long raw) => Classify(raw).IsCurrent;

    /// <summary>Reads everything the table knows of a raw value, without a lock.</summary>
    /// <remarks>
    /// The refusals (out of range, another table, an older or newer generation, a free slot) are decided
    /// from the stamp alone, in a small frame; only a current stamp goes on to the seqlock read of
    /// <see cref="ReadCurrent"/>, so a stale or forged value costs a few loads and compares.
    /// </remarks>
    public SlotView Classify(long raw)
    {
        if (!HandleLayout.InRange(raw))
            return new(SlotState.Unknown, 0);
        if (HandleLayout.TagOf(raw) != Tag)
            return new(SlotState.WrongTable, 0);

        int index = HandleLayout.IndexOf(raw);
        ref Slot slot = ref SlotStore.Find(Volatile.Read(ref _pages), index);
        if (Unsafe.IsNullRef(ref slot))
            return new(SlotState.Unknown, 0);

        return ClassifyAt(ref slot, Volatile.Read(ref slot.Stamp), raw);
    }

    /// <summary>
    /// <see cref="Classify"/> for a value in range, of this table, whose slot (found) had <paramref name="seen"/>
    /// as its stamp: for a caller that has read both already (a drop refused before its lock).
    /// </summary>
    public SlotView ClassifyAt(ref Slot slot, int seen, long raw)
    {
        if (EndedView(seen, raw) is { } ended)
            return ended;

        int index = HandleLayout.IndexOf(raw);
        int generation = HandleLayout.GenerationOf(raw, Key);
        if (generation == 0 || generation > Generations)
            return new(SlotState.Unknown, 0);

        while (true)
        {
            int stamp = Volatile.Read(ref slot.Stamp);
            int current = HandleLayout.GenerationOfStamp(stamp, Key);
            if ((stamp & ~(SlotStore.FreeBit | SlotStore.CollectedBit)) == 0)
                return new(SlotState.Unknown, 0);
            if (generation != current)
            {
                // Dropped: this table issued it on this slot earlier in the slot's current cycle (generations
                // wrap, so "earlier" is how far back, modulo the generations). Anything else (a later
                // generation, an earlier cycle, another table of the tag) was never issued here as far as the
                // table can tell. A race with the slot's change only moves the answer between these two.
                int back = (current - generation + Generations) % Generations;
                int cycle = Volatile.Read(ref CycleOfUnlocked(index));
                int issued = cycle < 0 ? MaxGeneration : cycle;
                return new(back < issued ? SlotState.Dropped : SlotState.Unknown, 0);
            }

            if ((stamp & SlotStore.FreeBit) != 0)
                return new((stamp & SlotStore.CollectedBit) != 0 ? SlotState.Reclaimed : SlotState.Dropped, 0);
            if (ReadCurrent(ref slot, stamp, out var view))
                return view;

            // The handle ended while we looked: look again (it is now Dropped or Reclaimed).
        }
    }

    /// <summary>
    /// The commonest refusal, from a stamp already read: the value's own slot, free since its handle ended (the
    /// stamp is the value's, with the free bit). Nothing to decode: an equal stamp part is the same tag and
    /// generation. None for anything else (the full diagnosis decides).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SlotView? EndedView(int stamp, long raw)
    {
        int own = (int)(raw >> HandleLayout.IndexBits);
        if ((stamp & SlotStore.FreeBit) == 0 || own == 0 || (stamp & ~(SlotStore.FreeBit | SlotStore.CollectedBit)) != own)
            return null;
        return new((stamp & SlotStore.CollectedBit) != 0 ? SlotState.Reclaimed : SlotState.Dropped, 0);
    }

    /// <summary>Without a lock: the cycle count of a slot whose page the table has (see _cycles).</summary>
    private ref int CycleOfUnlocked(int index)
    {
        var cycles = Volatile.Read(ref _cycles);
        int page = index >> SlotStore.PageBits;
        // The page's count array is published (_cycles) before the page itself (_pages), in TryGrowLane.
        if (page < cycles.Length && cycles[page] is { } counts)
            return ref counts[index & SlotStore.PageMask];
        return ref s_noCycle;
    }

    // What a slot of a page not yet seen reads as: no value issued in its cycle.
    private static int s_noCycle;

    /// <summary>
    /// The seqlock read of a slot whose stamp was <paramref name="stamp"/> (current): alive or collected, and
    /// its type; false when the stamp changed meanwhile. The same read as TryRead (see the top of this file).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReadCurrent(ref Slot slot, int stamp, out SlotView view)
    {
        int typeId = Volatile.Read(ref slot.TypeId);
        bool alive = Volatile.Read(ref slot.Strong) is not null;
        if (!alive)
        {
            // Under this thread's mark, and only while the stamp is still live after it (see WeakReaders).
            var mark = WeakReaders.Current();
            Volatile.Write(ref mark.Table, _readerId);
            alive = Volatile.Read(ref slot.Stamp) == stamp && slot.Weak.IsAllocated && slot.Weak.TryGetTarget(out _);
            // Stryker disable once Statement : orders loads on weak memory models only (a compiler barrier on x64); no test on this hardware can observe it
            Volatile.ReadBarrier();
            Volatile.Write(ref mark.Table, 0);
        }

        bool same = Volatile.Read(ref slot.Stamp) == stamp;
        view = same ? new(alive ? SlotState.Alive : SlotState.Collected, typeId) : default;

        // Stryker disable once Statement : keeps the table (and so its store) alive should it become unreachable mid-read; only a GC in that window plus the bag's finalizer could tell
        GC.KeepAlive(this);
        return same;
    }

    /// <summary>
    /// Visits the strong, current handles without the lock, each read consistently: for leak reports,
    /// which must not hold the table still while they walk a million slots.
    /// </summary>
    public void ForEachStrong(Action<long, int> visit)
    {
        var store = _store;
        int leased = _lease.PageCount;
        var leasedPages = _lease.Pages;
        var pages = store.Pages;
        for (int n = 0; n < leased * SlotStore.PageSize; n++)
        {
            int index = (leasedPages[n >> SlotStore.PageBits] << SlotStore.PageBits) | (n & SlotStore.PageMask);
            ref Slot slot = ref SlotStore.Find(pages, index);
            // Stryker disable once Statement : every index below the high-water mark has its page (the page is made before the mark moves); defensive only
            if (Unsafe.IsNullRef(ref slot))
                continue;
            int stamp = Volatile.Read(ref slot.Stamp);
            if (stamp == 0 || (stamp & SlotStore.FreeBit) != 0)
                continue;
            int typeId = Volatile.Read(ref slot.TypeId);
            bool strong = Volatile.Read(ref slot.Strong) is not null;
            if (strong && Volatile.Read(ref slot.Stamp) == stamp)
                visit(HandleLayout.Raw(stamp, index), typeId);
        }

        // Stryker disable once Statement : keeps the store alive should the table become unreachable mid-read; only a GC in that window plus the bag's finalizer could tell
        GC.KeepAlive(store);
    }

    /// <summary>How many current weak handles have lost their resource, counted without the lock.</summary>
    private int CountCollected()
    {
        var store = _store;
        int leased = _lease.PageCount;
        var leasedPages = _lease.Pages;
        var pages = store.Pages;
        int collected = 0;
        // One mark for the whole scan: every weak handle below is read after a stamp read that follows it (WeakReaders).
        var mark = WeakReaders.Current();
        Volatile.Write(ref mark.Table, _readerId);
        for (int n = 0; n < leased * SlotStore.PageSize; n++)
        {
            int index = (leasedPages[n >> SlotStore.PageBits] << SlotStore.PageBits) | (n & SlotStore.PageMask);
            ref Slot slot = ref SlotStore.Find(pages, index);
            // Stryker disable once Statement : every index below the high-water mark has its page (the page is made before the mark moves); defensive only
            if (Unsafe.IsNullRef(ref slot))
                continue;
            int stamp = Volatile.Read(ref slot.Stamp);
            if (stamp == 0 || (stamp & SlotStore.FreeBit) != 0 || Volatile.Read(ref slot.Strong) is not null)
                continue;
            bool alive = slot.Weak.IsAllocated && slot.Weak.TryGetTarget(out _);
            // Stryker disable once Statement : orders loads on weak memory models only (a compiler barrier on x64); no test on this hardware can observe it
            Volatile.ReadBarrier();
            if (!alive && Volatile.Read(ref slot.Stamp) == stamp)
                collected++;
        }

        Volatile.Write(ref mark.Table, 0);

        // Stryker disable once Statement : keeps the store alive should the table become unreachable mid-read; only a GC in that window plus the bag's finalizer could tell
        GC.KeepAlive(store);
        return collected;
    }
}
