using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// The mechanism of a handle table and nothing else: slots, stamps, generations, the free lists and the
/// lock-free reads. It owns its locks (one per lane, see SlotTable.Lanes.cs), and under them runs no user
/// code, raises nothing and allocates only what its own bookkeeping needs (a page of slots, a list the
/// caller asked for). Every mutation says what
/// it changed, so the services around it (notices, scopes, ownership, leaks, metrics) can learn of the
/// change after the lock is released.
/// </summary>
internal sealed partial class SlotTable
{
    // Kept after disposal, all slots freed, so lookups can still tell dropped handles from forged ones.
    private readonly SlotStore _store = new();

    // The store's page directory, mirrored here so a lookup reaches a slot with one load less. Written
    // (release) under _growGate after every growth; pages never move, so an older directory stays correct.
    private Slot[]?[] _pages = [];

    // How many slots the lanes have been handed (always a whole page at a time), leased from the tag's
    // space (TagSpace). Written under _growGate, read without it.
    private int _highWater;
    private volatile bool _disposed;

    // The tag's value space and this table's pages of it.
    private readonly TagLease _lease;

    // Per page (by page number in the tag's space), mirrored like _pages: the tag space's own arrays, which
    // outlive the table (see TagSpace): the last generation issued on each slot, and how many values the slot
    // has issued in its current cycle, or, once it retired, minus its retirement's sequence number.
    private int[]?[] _generations = [];
    private int[]?[] _cycles = [];

    // Retired slots brought back since the table last reported it (the Tether meter's values.reused).
    private int _revivalsUnreported;

    /// <param name="lease">The table's tag: its value space, where the table leases its pages.</param>
    /// <param name="capacity">The most live handles at once.</param>
    /// <param name="maxSlots">The format's slot limit (2^24 raw, 2^20 compact).</param>
    /// <param name="generations">The format's generations per slot (2^21 - 1 raw, 2,047 compact); they wrap.</param>
    /// <param name="maxGeneration">The most values a slot issues before it rests (a test hook; 0: the format's).</param>
    /// <param name="lanes">The lane count, a power of two.</param>
    public SlotTable(TagLease lease, int capacity, int maxSlots, int generations, int maxGeneration = 0, int lanes = 1)
    {
        _lease = lease;
        Tag = lease.Tag;
        Key = lease.Space.Key;
        Capacity = capacity;
        MaxSlots = maxSlots;
        Generations = generations;
        // A cycle never issues all the generations: the last value the slot issued before the cycle began (by
        // this table or the one before it on the tag) is not issued again within it.
        MaxGeneration = Math.Min(maxGeneration > 0 ? maxGeneration : generations, generations - 1);
        (_gates, _lanes, _owned, _laneMask, _growLimit) = MakeLanes(lanes, capacity);
    }

    /// <summary>
    /// A table with a value space of its own, not the registry's (tests and benchmarks that drive the mechanism
    /// alone): its slots start at 0 and at generation 1.
    /// </summary>
    internal SlotTable(int tag, int key, int capacity, int maxSlots, int maxGeneration, int lanes = 1)
        : this(new TagLease(new TagSpace(tag, key), registered: false), capacity, maxSlots,
            maxSlots <= HandleLayout.MaxSlotsCompact ? HandleLayout.MaxGenerationCompact : HandleLayout.MaxGenerationRaw, maxGeneration, lanes)
    {
    }

    /// <summary>The table's tag, 1..255: the top 8 bits of every raw value it issues.</summary>
    public int Tag { get; }

    /// <summary>The tag's random key XOR-ed into generations.</summary>
    public int Key { get; }

    public int Capacity { get; }

    public int MaxSlots { get; }

    /// <summary>The generations a slot's value can carry, 1..this; after the last, 1 again.</summary>
    public int Generations { get; }

    /// <summary>How many values a slot issues in one cycle before it retires (rests).</summary>
    public int MaxGeneration { get; }

    /// <summary>Retired slots brought back since the last call (the table reports them to the meter).</summary>
    public int TakeRevivals() =>
        Volatile.Read(ref _revivalsUnreported) == 0 ? 0 : Interlocked.Exchange(ref _revivalsUnreported, 0);

    public bool IsDisposed => _disposed;

    /// <summary>The slots themselves, for benchmarks that compare read strategies over the same memory.</summary>
    internal SlotStore Store => _store;

    /// <summary>Why <see cref="Claim"/> issued nothing.</summary>
    public enum ClaimFailure { None, Disposed, Full }

    /// <summary>Issues a slot for a resource and publishes it; 0 and the reason when it cannot.</summary>
    /// <remarks>
    /// The fast path takes one lane's lock and claims within the lane's quota and slots. When the lane has
    /// neither (or the table is nearly full), <see cref="ClaimSlow"/> decides with every lane held, so a
    /// table refuses with Full exactly when its live handles reach the capacity, as a one-lock table does.
    /// </remarks>
    public long Claim(object resource, bool strong, int typeId, out ClaimFailure failure, bool owned = false)
    {
        int k = TakeClaimLane();
        try
        {
            if (_disposed)
            {
                failure = ClaimFailure.Disposed;
                return 0;
            }

            ref SlotLane lane = ref _lanes[k];
            if (lane.Live < lane.Quota)
            {
                int index = TakeSlot(ref lane, k, mayGrowPastLimit: _laneMask == 0);
                if (index >= 0)
                {
                    failure = ClaimFailure.None;
                    return Publish(ref lane, k, index, resource, strong, typeId, owned);
                }
            }

            if (_laneMask == 0)
            {
                // One lane holds the whole capacity: its quota or its slots running out is the table's.
                failure = ClaimFailure.Full;
                return 0;
            }
        }
        finally
        {
            _gates[k].Release();
        }

        return ClaimSlow(k, resource, strong, typeId, out failure, owned);
    }

    /// <summary>A claim the lane could not serve alone: decided with every lane held.</summary>
    private long ClaimSlow(int k, object resource, bool strong, int typeId, out ClaimFailure failure, bool owned)
    {
        TakeAll();
        try
        {
            if (_disposed)
            {
                failure = ClaimFailure.Disposed;
                return 0;
            }

            int live = 0;
            foreach (ref readonly var each in _lanes.AsSpan())
                live += each.Live;
            int j = live >= Capacity ? -1 : PickLane(k);
            if (j < 0)
            {
                failure = ClaimFailure.Full;
                return 0;
            }

            ref SlotLane lane = ref _lanes[j];
            if (lane.Live >= lane.Quota)
                MoveQuotaTo(j);
            int index = TakeSlot(ref lane, j, mayGrowPastLimit: true);
            failure = ClaimFailure.None;
            long raw = Publish(ref lane, j, index, resource, strong, typeId, owned);
            if (j != k)
                ServedElsewhere(k, j, live + 1);
            return raw;
        }
        finally
        {
            ReleaseAll();
        }
    }

    /// <summary>Under lane <paramref name="k"/>'s lock: a slot of the lane, or -1 when it has none to give.</summary>
    /// <remarks>
    /// The most recently freed slot first, then the lane's run of fresh slots; then a new page of the tag's space
    /// (which gives either a fresh run or, for a page an earlier table used, free and retired slots); and only
    /// when no page is left, the lane's oldest retired slot comes back (see TagSpace and the Core README).
    /// </remarks>
    private int TakeSlot(ref SlotLane lane, int k, bool mayGrowPastLimit)
    {
        // A loop, not a recursion: a page whose every slot is retired gives nothing, and the next is leased.
        while (lane.FreeHead < 0 && lane.Next >= lane.End)
        {
            if (TryGrowLane(ref lane, k, mayGrowPastLimit))
                continue;
            if (mayGrowPastLimit && Revive(ref lane))
                break;
            return -1;
        }

        int index = lane.FreeHead;
        if (index >= 0)
        {
            lane.FreeHead = SlotStore.Find(_pages, index).TypeId;
            lane.FreeCount--;
            return index;
        }

        return lane.Next++;
    }

    /// <summary>Under lane <paramref name="k"/>'s lock: writes the slot's new generation and publishes it.</summary>
    private long Publish(ref SlotLane lane, int k, int index, object resource, bool strong, int typeId, bool owned)
    {
        ref Slot slot = ref SlotStore.Find(_pages, index);
        if (!strong || owned)
        {
            // The steps that allocate (a weak GC handle, the owned set's growth) come first: if one fails,
            // the slot goes back to the lane's free list and nothing else has changed.
            try
            {
                if (!strong)
                    SetWeakTarget(ref slot, resource);
                if (owned)
                {
                    var set = _owned[k] ??= [];
                    set.EnsureCapacity(set.Count + 1);
                }
            }
            catch
            {
                slot.TypeId = lane.FreeHead;
                lane.FreeHead = index;
                lane.FreeCount++;
                throw;
            }
        }

        // The generation after the slot's last, wrapping after the last one: the tag space remembers it
        // across tables (see TagSpace), and a cycle ends (End) before it could come back to where it began.
        int page = index >> SlotStore.PageBits, at = index & SlotStore.PageMask;
        ref int last = ref _generations[page]![at];
        int generation = last % Generations + 1;
        last = generation;
        _cycles[page]![at]++;
        int stamp = HandleLayout.Stamp(Tag, generation, Key);

        slot.TypeId = typeId;
        if (strong)
        {
            slot.Strong = resource;
            lane.Strong++;
        }
        else
        {
            slot.Strong = null;
            lane.Weak++;
        }

        if (owned)
            _owned[k]!.Add(index);

        // The release-write of the stamp publishes everything above (see SlotTable.Reads.cs).
        Volatile.Write(ref slot.Stamp, stamp);
        return HandleLayout.Raw(stamp, index);
    }

    /// <summary>
    /// Ends a current handle of the given type (or any, <see cref="AnyType"/>). With
    /// <paramref name="requireTarget"/>, a collected tombstone is refused (Take needs the resource).
    /// On success gives the resource, if still alive, and whether it was held weakly; otherwise what the
    /// handle was when it was refused.
    /// </summary>
    public bool TryEnd(long raw, int typeId, bool requireTarget, out object? target, out bool owned, out SlotView refused)
    {
        target = null;
        // Stryker disable once Boolean : every caller reads owned only when TryEnd returns true, and End assigns it on that path
        owned = false;
        // A stale value is refused before the lane's lock: its stamp never comes back (a slot's generation is not
        // reissued within the stated bound), so a stamp that differs now means the handle is not current, and
        // the refusal is linearized at this read. On ARM64 the read is an acquire (ldar): a caller that got the raw
        // value through any synchronization with its add (the usual release/acquire chain) sees that add's stamp
        // or a later one in the slot's modification order, never an earlier one; a later one means the handle
        // ended. A caller that got the value by a data race may see an earlier stamp, and is answered as if its
        // drop came before the add (the value was not current for it). A matching stamp, or a diagnosis that
        // finds the handle alive after all (it was issued meanwhile), takes the locked path below.
        if (!HandleLayout.InRange(raw) || HandleLayout.TagOf(raw) != Tag)
        {
            refused = Classify(raw);
            return false;
        }

        ref Slot slot = ref SlotStore.Find(Volatile.Read(ref _pages), HandleLayout.IndexOf(raw));
        if (Unsafe.IsNullRef(ref slot))
        {
            refused = new(SlotState.Unknown, 0);
            return false;
        }

        int stamp = Volatile.Read(ref slot.Stamp);
        if (stamp != (int)(raw >> HandleLayout.IndexBits))
        {
            refused = ClassifyAt(ref slot, stamp, raw);
            if (refused.State != SlotState.Alive)
                return false;
        }

        // Apart, so that a refusal pays for no frame with a lock and its finally.
        return TryEndLocked(raw, typeId, requireTarget, out target, out owned, out refused);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryEndLocked(long raw, int typeId, bool requireTarget, out object? target, out bool owned, out SlotView refused)
    {
        target = null;
        owned = false;
        int k = HomeLaneOf(raw);
        if (k < 0)
        {
            refused = Classify(raw);
            return false;
        }

        _gates[k].Take();
        try
        {
            // Under the lane's lock no stamp of its slots changes, so one compare says "current": the stamp is
            // exactly the raw value's (a live stamp never matches a value out of range, a free one or another
            // generation). Only a refusal needs the full diagnosis.
            if (!IsCurrentUnderLock(raw, typeId))
            {
                refused = Classify(raw);
                return false;
            }

            ref SlotLane lane = ref _lanes[k];
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

                End(ref lane, k, raw, collected: false, out _, out owned);
                target = alive;
            }
            else
            {
                End(ref lane, k, raw, collected: false, out target, out owned);
            }

            refused = default;
            return true;
        }
        finally
        {
            _gates[k].Release();
        }
    }

    /// <summary>Under the slot's lane lock: whether <paramref name="raw"/> is the current handle of its slot, of the given type (or any).</summary>
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

    /// <summary>Ends every handle of the list that is still current, in list order, with every lane held.</summary>
    public List<Ended> EndMany(List<long> raws)
    {
        var ended = new List<Ended>(raws.Count);
        TakeAll();
        try
        {
            foreach (var raw in raws)
            {
                if (!Classify(raw).IsCurrent)
                    continue;
                int k = HomeLaneOf(raw);
                End(ref _lanes[k], k, raw, collected: false, out var target, out bool owned);
                ended.Add(new Ended(raw, target, owned));
            }
        }
        finally
        {
            ReleaseAll();
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
        loosened = null;
        int k = HomeLaneOf(raw);
        if (k < 0)
        {
            refused = Classify(raw);
            return LoosenOutcome.Refused;
        }

        _gates[k].Take();
        try
        {
            var view = Classify(raw);
            refused = view;
            if (view.State != SlotState.Alive || !view.IsCurrentAs(typeId))
                return LoosenOutcome.Refused;
            if (_owned[k] is { } owned && owned.Contains(HandleLayout.IndexOf(raw)))
                return LoosenOutcome.Owned;

            ref SlotLane lane = ref _lanes[k];
            ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
            if (slot.Strong is { } target)
            {
                // The weak target goes in before the strong one goes out, so a concurrent lookup finds one of them.
                SetWeakTarget(ref slot, target);
                Volatile.Write(ref slot.Strong, null);
                lane.Strong--;
                lane.Weak++;
                loosened = target;
            }

            refused = default;
            return LoosenOutcome.Loosened;
        }
        finally
        {
            _gates[k].Release();
        }
    }

    /// <summary>Turns a weak hold strong if the resource still lives. Gives the resource when the hold changed.</summary>
    public bool TryTighten(long raw, int typeId, out object? tightened, out SlotView refused)
    {
        tightened = null;
        int k = HomeLaneOf(raw);
        if (k < 0)
        {
            refused = Classify(raw);
            return false;
        }

        _gates[k].Take();
        try
        {
            var view = Classify(raw);
            refused = view;
            if (!view.IsCurrentAs(typeId))
                return false;

            ref SlotLane lane = ref _lanes[k];
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
                lane.Weak--;
                lane.Strong++;
                tightened = target;
            }

            refused = default;
            return true;
        }
        finally
        {
            _gates[k].Release();
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
        TakeAll();
        try
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
                {
                    int k = HomeLaneOf(raw);
                    End(ref _lanes[k], k, raw, collected: true, out _, out _);
                }
            }
        }
        finally
        {
            ReleaseAll();
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
        TakeAll();
        try
        {
            first = !_disposed;
            if (_disposed)
                return 0;

            // The list of owned resources is made before anything changes: if it cannot be, nothing has.
            int ownedCount = 0;
            foreach (var set in _owned)
                ownedCount += set?.Count ?? 0;
            if (ownedCount > 0)
                owned = new List<Ended>(ownedCount);
            _disposed = true;

            var pages = _store.Pages;
            int ended = 0;
            int leased = _lease.PageCount;
            var leasedPages = _lease.Pages;
            for (int n = 0; n < leased * SlotStore.PageSize; n++)
            {
                int index = (leasedPages[n >> SlotStore.PageBits] << SlotStore.PageBits) | (n & SlotStore.PageMask);
                ref Slot slot = ref SlotStore.Find(pages, index);
                if (Unsafe.IsNullRef(ref slot) || (slot.Stamp & SlotStore.FreeBit) != 0 || slot.Stamp == 0)
                    continue;
                if (_owned[HomeLaneOfIndex(index)] is { } lanesOwned && lanesOwned.Remove(index) && slot.Strong is { } resource)
                    // Stryker disable once Boolean : Shutdown's caller reads only Raw and Target of these entries, all of which are owned
                    owned!.Add(new Ended(HandleLayout.Raw(slot.Stamp, index), resource, Owned: true));
                Release(ref slot, collected: false);
                ended++;
            }

            for (int k = 0; k < _lanes.Length; k++)
            {
                _owned[k] = null;
                // Stryker disable once all : after shutdown Claim answers Disposed before it reads a lane, and nothing else reads its free list or page
                _lanes[k] = SlotLane.Empty(_lanes[k].Quota) with { Retired = _lanes[k].Retired, RetiredHead = _lanes[k].RetiredHead, RetiredTail = _lanes[k].RetiredTail };
            }

            return ended;
        }
        finally
        {
            ReleaseAll();
        }
    }

    /// <summary>Counts, read with every lane held; collected tombstones are counted after, without the locks.</summary>
    public TableCounts Counts()
    {
        int strong = 0, weak = 0, free, retired = 0;
        TakeAll();
        try
        {
            int freeSlots = 0;
            foreach (ref readonly var lane in _lanes.AsSpan())
            {
                strong += lane.Strong;
                weak += lane.Weak;
                retired += lane.Retired;
                freeSlots += lane.FreeCount + (lane.End - lane.Next);
            }

            // Free: what the next adds can really get. Retired slots come back when nothing else is left, so only
            // pages that other live tables of the tag hold can make it less than the capacity allows.
            free = _disposed ? 0 : Math.Min(Capacity - strong - weak, freeSlots + retired + Math.Min(MaxSlots - _highWater, _lease.Space.FreePages((MaxSlots + SlotStore.PageMask) >> SlotStore.PageBits) * SlotStore.PageSize));
        }
        finally
        {
            ReleaseAll();
        }

        // Scanning a million weak slots must not hold the table still, so it runs without the locks.
        // Under concurrent changes it is a snapshot; it never reports more collected than weak.
        int collected = weak == 0 ? 0 : Math.Min(weak, CountCollected());
        return new TableCounts(strong, weak - collected, collected, Math.Max(0, free), retired);
    }

    /// <summary>Under lane <paramref name="k"/>'s lock (the slot's own): ends the current handle <paramref name="raw"/> and frees or retires its slot.</summary>
    private void End(ref SlotLane lane, int k, long raw, bool collected, out object? target, out bool owned)
    {
        int index = HandleLayout.IndexOf(raw);
        ref Slot slot = ref SlotStore.Find(_store.Pages, index);
        bool wasWeak = slot.Strong is null;
        target = slot.Strong ?? (slot.Weak.TryGetTarget(out var weak) ? weak : null);
        owned = _owned[k] is { } lanesOwned && lanesOwned.Remove(index);
        if (wasWeak)
            lane.Weak--;
        else
            lane.Strong--;

        Release(ref slot, collected);

        ref int cycle = ref CycleOf(index);
        if (cycle >= MaxGeneration)
        {
            // Its cycle is spent: it rests, behind every slot that retired before it, until the table has no
            // other slot to give (Revive). Oldest first across lanes: the cycle count now holds minus the
            // retirement's sequence number.
            cycle = -_lease.Space.NextRetirement();
            AppendRetired(ref lane, index);
            return;
        }

        slot.TypeId = lane.FreeHead;
        lane.FreeHead = index;
        lane.FreeCount++;
    }

    /// <summary>Under the slot's lane lock: puts a retired slot at the end of the lane's retired list.</summary>
    private void AppendRetired(ref SlotLane lane, int index)
    {
        SlotStore.Find(_pages, index).TypeId = -1;
        if (lane.RetiredTail >= 0)
            SlotStore.Find(_pages, lane.RetiredTail).TypeId = index;
        else
            lane.RetiredHead = index;
        lane.RetiredTail = index;
        lane.Retired++;
    }

    /// <summary>Under the slot's lane lock: marks a slot free (stamp first, so lookups stop matching) and lets go of its resource.</summary>
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

    /// <summary>Under the slot's lane lock: points the slot's weak GC handle at <paramref name="target"/>.</summary>
    private void SetWeakTarget(ref Slot slot, object target)
    {
        if (slot.Weak.IsAllocated)
        {
            slot.Weak.SetTarget(target);
            return;
        }

        // The store's list of handles is shared by the lanes: its one writer at a time is whoever holds the
        // growth lock (a slot's first weak use is rare; every later one reuses the handle).
        var handle = new WeakGCHandle<object>(target);
        try
        {
            using (_growGate.Enter())
                _store.Handles.Add(handle);
        }
        catch
        {
            // The list could not grow: the new handle goes, and the caller undoes its step (nothing changed).
            handle.Dispose();
            throw;
        }

        slot.Weak = handle;
    }
}
