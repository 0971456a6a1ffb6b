using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// The mechanism of a handle table and nothing else: slots, stamps, generations, the free list and the
/// lock-free reads. It owns its lock, and under it runs no user code, raises nothing and allocates only
/// what its own bookkeeping needs (a page of slots, a list the caller asked for). Every mutation says what
/// it changed, so the services around it (notices, scopes, ownership, leaks, metrics) can learn of the
/// change after the lock is released.
/// </summary>
internal sealed partial class SlotTable
{
    // The one short lock (see SpinGate for why a spin lock, and why it is correct on ARM64).
    private readonly SpinGate _gate = new();

    // Kept after disposal, all slots freed, so lookups can still tell dropped handles from forged ones.
    private readonly SlotStore _store = new();

    // The store's page directory, mirrored here so a lookup reaches a slot with one load less. Written
    // (release) under _gate after every growth; pages never move, so an older directory stays correct.
    private Slot[]?[] _pages = [];

    // Written under _gate; _highWater and _disposed are also read without it.
    private int _highWater;
    private int _freeHead = -1;
    private int _freeCount;
    private int _strong;
    private int _weak;
    private int _retired;
    private volatile bool _disposed;

    // Slots whose resource the table owns (disposes when the handle ends). Kept here, under the slot lock,
    // so that ending a handle and learning whether it owned its resource are one step: a Take, a Drop and
    // a Dispose racing each other can never both get the resource, and a Loosen can never make it weak.
    private System.Collections.Generic.HashSet<int>? _owned;

    public SlotTable(int tag, int key, int capacity, int maxSlots, int maxGeneration)
    {
        Tag = tag;
        Key = key;
        Capacity = capacity;
        MaxSlots = maxSlots;
        MaxGeneration = maxGeneration;
    }

    /// <summary>The table's tag, 1..255: the top 8 bits of every raw value it issues.</summary>
    public int Tag { get; }

    /// <summary>The random key XOR-ed into generations.</summary>
    public int Key { get; }

    public int Capacity { get; }

    public int MaxSlots { get; }

    public int MaxGeneration { get; }

    public bool IsDisposed => _disposed;

    /// <summary>The slots themselves, for benchmarks that compare read strategies over the same memory.</summary>
    internal SlotStore Store => _store;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SpinGate.Held Hold() => _gate.Hold();

    /// <summary>Why <see cref="Claim"/> issued nothing.</summary>
    public enum ClaimFailure { None, Disposed, Full }

    /// <summary>Issues a slot for a resource and publishes it; 0 and the reason when it cannot.</summary>
    public long Claim(object resource, bool strong, int typeId, out ClaimFailure failure, bool owned = false)
    {
        using (Hold())
        {
            if (_disposed)
            {
                failure = ClaimFailure.Disposed;
                return 0;
            }

            if (_strong + _weak >= Capacity)
            {
                failure = ClaimFailure.Full;
                return 0;
            }

            int index = _freeHead;
            var store = _store;
            if (index >= 0)
            {
                _freeHead = SlotStore.Find(_pages, index).TypeId;
                _freeCount--;
            }
            else
            {
                if (_highWater >= MaxSlots)
                {
                    failure = ClaimFailure.Full;
                    return 0;
                }

                index = _highWater;
                store.EnsurePage(index);
                Volatile.Write(ref _pages, store.Pages);
                Volatile.Write(ref _highWater, index + 1);
            }

            ref Slot slot = ref SlotStore.Find(_pages, index);
            int generation = slot.Stamp == 0 ? 1 : HandleLayout.GenerationOfStamp(slot.Stamp, Key) + 1;
            int stamp = HandleLayout.Stamp(Tag, generation, Key);

            slot.TypeId = typeId;
            if (strong)
            {
                slot.Strong = resource;
                _strong++;
            }
            else
            {
                SetWeakTarget(ref slot, resource);
                slot.Strong = null;
                _weak++;
            }

            if (owned)
                (_owned ??= []).Add(index);

            // The release-write of the stamp publishes everything above (see SlotTable.Reads.cs).
            Volatile.Write(ref slot.Stamp, stamp);
            failure = ClaimFailure.None;
            return HandleLayout.Raw(stamp, index);
        }
    }

    /// <summary>
    /// Ends a current handle of the given type (or any, <see cref="AnyType"/>). With
    /// <paramref name="requireTarget"/>, a collected tombstone is refused (Take needs the resource).
    /// On success gives the resource, if still alive, and whether it was held weakly; otherwise what the
    /// handle was when it was refused.
    /// </summary>
    public bool TryEnd(long raw, int typeId, bool requireTarget, out object? target, out bool owned, out SlotView refused)
    {
        using (Hold())
        {
            target = null;
            // Stryker disable once Boolean : every caller reads owned only when TryEnd returns true, and End assigns it on that path
            owned = false;
            refused = default;

            // Under the lock no stamp changes, so one compare says "current": the stamp is exactly the raw
            // value's (a live stamp never matches a value out of range, a free one or another generation).
            // Only a refusal needs the full diagnosis.
            if (!IsCurrentUnderLock(raw, typeId))
            {
                refused = Classify(raw);
                return false;
            }

            var view = new SlotView(SlotState.Alive, SlotStore.Find(_pages, HandleLayout.IndexOf(raw)).TypeId);

            if (requireTarget)
            {
                // Hold the resource in a local first: the GC may collect a weak one at any moment, even now.
                ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
                object? alive = slot.Strong ?? (slot.Weak.TryGetTarget(out var weak) ? weak : null);
                if (alive is null)
                {
                    refused = view with { State = SlotState.Collected };
                    return false;
                }

                End(raw, collected: false, out _, out owned);
                target = alive;
            }
            else
            {
                End(raw, collected: false, out target, out owned);
            }

            refused = default;
            return true;
        }
    }

    /// <summary>Under the lock: whether <paramref name="raw"/> is the current handle of its slot, of the given type (or any).</summary>
    private bool IsCurrentUnderLock(long raw, int typeId)
    {
        // The full range check, tag included: a value with tag 0 can have stamp part 0, which is the stamp of
        // a slot never used, and with AnyType its type id 0 would match too.
        if (!HandleLayout.InRange(raw))
            return false;
        ref Slot slot = ref SlotStore.Find(_pages, HandleLayout.IndexOf(raw));
        return !Unsafe.IsNullRef(ref slot)
            && slot.Stamp == (int)(raw >> HandleLayout.IndexBits)
            && (typeId == AnyType || slot.TypeId == typeId);
    }

    /// <summary>A handle that a bulk operation ended: its raw value, its resource if alive, and whether it owned it.</summary>
    public readonly record struct Ended(long Raw, object? Target, bool Owned);

    /// <summary>Ends every handle of the list that is still current, in list order, under one lock.</summary>
    public List<Ended> EndMany(List<long> raws)
    {
        var ended = new List<Ended>(raws.Count);
        using (Hold())
        {
            foreach (var raw in raws)
            {
                if (!Classify(raw).IsCurrent)
                    continue;
                End(raw, collected: false, out var target, out bool owned);
                ended.Add(new Ended(raw, target, owned));
            }
        }

        return ended;
    }

    /// <summary>What <see cref="TryLoosen"/> did.</summary>
    public enum LoosenOutcome { Loosened, Refused, Owned }

    /// <summary>
    /// Turns a strong hold weak. Gives the resource when the hold changed (null when it was already weak).
    /// An owned handle stays strong (<see cref="LoosenOutcome.Owned"/>): the table must be able to dispose it.
    /// </summary>
    public LoosenOutcome TryLoosen(long raw, int typeId, out object? loosened, out SlotView refused)
    {
        using (Hold())
        {
            var view = Classify(raw);
            loosened = null;
            refused = view;
            if (view.State != SlotState.Alive || !view.IsCurrentAs(typeId))
                return LoosenOutcome.Refused;
            if (_owned is not null && _owned.Contains(HandleLayout.IndexOf(raw)))
                return LoosenOutcome.Owned;

            ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
            if (slot.Strong is { } target)
            {
                // The weak target goes in before the strong one goes out, so a concurrent lookup finds one of them.
                SetWeakTarget(ref slot, target);
                Volatile.Write(ref slot.Strong, null);
                _strong--;
                _weak++;
                loosened = target;
            }

            refused = default;
            return LoosenOutcome.Loosened;
        }
    }

    /// <summary>Turns a weak hold strong if the resource still lives. Gives the resource when the hold changed.</summary>
    public bool TryTighten(long raw, int typeId, out object? tightened, out SlotView refused)
    {
        using (Hold())
        {
            var view = Classify(raw);
            tightened = null;
            refused = view;
            if (!view.IsCurrentAs(typeId))
                return false;

            ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
            if (slot.Strong is null)
            {
                if (!slot.Weak.TryGetTarget(out var target))
                {
                    refused = view with { State = SlotState.Collected };
                    return false;
                }

                // The weak target stays: a lookup that already missed Strong must still find it there.
                Volatile.Write(ref slot.Strong, target);
                _weak--;
                _strong++;
                tightened = target;
            }

            refused = default;
            return true;
        }
    }

    /// <summary>
    /// Of the raw values whose resource the GC may have collected, keeps those still current, weak and
    /// without a target: their notices, in list order, with the type each was issued as. With
    /// <paramref name="reclaim"/>, also ends them and frees their slots.
    /// </summary>
    public List<(long Raw, int TypeId)> ConfirmCollected(List<long> raws, bool reclaim)
    {
        var confirmed = new List<(long, int)>(raws.Count);
        using (Hold())
        {
            if (_disposed)
                return confirmed;
            foreach (var raw in raws)
            {
                var view = Classify(raw);
                if (view.State != SlotState.Collected)
                    continue; // dropped, tightened back, or already reported
                confirmed.Add((raw, view.TypeId));
                if (reclaim)
                    End(raw, collected: true, out _, out _);
            }
        }

        return confirmed;
    }

    /// <summary>
    /// Marks the table disposed and ends every handle. Gives how many ended (0 on a second call) and, in slot
    /// order, the resources the ended handles owned.
    /// </summary>
    public int Shutdown(out bool first, out List<Ended>? owned)
    {
        owned = null;
        using (Hold())
        {
            first = !_disposed;
            if (_disposed)
                return 0;
            _disposed = true;

            var pages = _store.Pages;
            int ended = 0;
            for (int index = 0; index < _highWater; index++)
            {
                ref Slot slot = ref SlotStore.Find(pages, index);
                if ((slot.Stamp & SlotStore.FreeBit) != 0 || slot.Stamp == 0)
                    continue;
                if (_owned is not null && _owned.Remove(index) && slot.Strong is { } resource)
                    // Stryker disable once Boolean : Shutdown's caller reads only Raw and Target of these entries, all of which are owned
                    (owned ??= []).Add(new Ended(HandleLayout.Raw(slot.Stamp, index), resource, Owned: true));
                Release(ref slot, collected: false);
                ended++;
            }

            _owned = null;

            _strong = _weak = 0;
            // Stryker disable once Unary : after shutdown Claim answers Disposed before it reads the free list, and nothing else reads it
            _freeHead = -1;
            _freeCount = 0;
            return ended;
        }
    }

    /// <summary>Counts, read under the lock; collected tombstones are counted after it, without it.</summary>
    public TableCounts Counts()
    {
        int strong, weak, free, retired;
        using (Hold())
        {
            strong = _strong;
            weak = _weak;
            retired = _retired;

            // Free: what the next adds can really get, which capacity alone overstates once slots retire.
            free = _disposed ? 0 : Math.Min(Capacity - strong - weak, _freeCount + (MaxSlots - _highWater));
        }

        // Scanning a million weak slots must not hold the table still, so it runs without the lock.
        // Under concurrent changes it is a snapshot; it never reports more collected than weak.
        int collected = weak == 0 ? 0 : Math.Min(weak, CountCollected());
        return new TableCounts(strong, weak - collected, collected, Math.Max(0, free), retired);
    }

    /// <summary>Under the lock: ends the current handle <paramref name="raw"/> and frees or retires its slot.</summary>
    private void End(long raw, bool collected, out object? target, out bool owned)
    {
        int index = HandleLayout.IndexOf(raw);
        ref Slot slot = ref SlotStore.Find(_store.Pages, index);
        bool wasWeak = slot.Strong is null;
        target = slot.Strong ?? (slot.Weak.TryGetTarget(out var weak) ? weak : null);
        owned = _owned is not null && _owned.Remove(index);
        if (wasWeak)
            _weak--;
        else
            _strong--;

        Release(ref slot, collected);

        if (HandleLayout.GenerationOfStamp(slot.Stamp, Key) >= MaxGeneration)
        {
            _retired++; // never reissued: its next generation would not fit, or would repeat
            return;
        }

        slot.TypeId = _freeHead;
        _freeHead = index;
        _freeCount++;
    }

    /// <summary>Under the lock: marks a slot free (stamp first, so lookups stop matching) and lets go of its resource.</summary>
    private static void Release(ref Slot slot, bool collected)
    {
        // The clears below (and the next generation's writes) must not become visible before the stamp
        // change, or a lookup could see an empty slot (or the next generation's) that still looks current.
        // That is a store-store order: the write barrier keeps every earlier store before every later one
        // (`dmb ishst` on ARM64; on x64, whose stores are never reordered with each other, only a compiler
        // barrier), so no full fence (an Exchange, ~20 cycles) is needed: the readers' side is loads only.
        Volatile.Write(ref slot.Stamp, slot.Stamp | SlotStore.FreeBit | (collected ? SlotStore.CollectedBit : 0));
        Volatile.WriteBarrier();
        slot.Strong = null;

        // The weak target is left as it is: a weak GC handle keeps nothing alive, and no read uses a slot's
        // weak target unless a live stamp and a null Strong say its current handle is weak, and every step
        // that makes a handle weak (a weak claim, a loosen) sets the target first. Clearing it was a second
        // call into the runtime on every weak drop, for nothing a reader could see.
    }

    private void SetWeakTarget(ref Slot slot, object target)
    {
        if (slot.Weak.IsAllocated)
        {
            slot.Weak.SetTarget(target);
        }
        else
        {
            slot.Weak = new WeakGCHandle<object>(target);
            _store.Handles.Add(slot.Weak);
        }
    }
}
