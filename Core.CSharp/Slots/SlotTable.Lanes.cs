using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;

namespace Tether;

// Lanes: how adds and drops on many threads avoid writing one shared word.
//
// A table with one lock serialises every add and drop, and worse, every add and drop writes the lock's line and
// the shared counters, so two threads spend their time passing cache lines back and forth (2 threads were
// 2.2× slower than one). A large table is therefore cut into lanes (one per core, a power of two), each
// with its own lock (SpinGate), free list, counts and quota of the capacity (SlotLane):
//
// - Every slot belongs to one lane, its home, for good: pages of 256 slots are handed to lanes whole, and
//   _pageLanes says whose each page is. Every write to a slot happens under its home lane's lock, so each
//   slot still has exactly one writer at a time, and the lookups' seqlock argument (SlotTable.Reads.cs) is
//   unchanged: nothing about a slot's writes changed except which lock orders them.
// - An add takes the lock of the calling thread's lane (a per-thread probe; on contention the thread moves
//   on to another lane, so threads spread over the lanes by themselves) and claims a slot of that lane
//   within the lane's quota. A drop takes the lock of the slot's home lane and frees the slot onto that
//   lane's list. A thread that adds and drops touches its own lane's lines and its own slots' lines only.
// - The quotas add up to the capacity, and a lane never holds more live handles than its quota. When a
//   lane is out of quota or of slots, the add takes every lane's lock, in lane order, and moves quota or
//   takes a slot from another lane (ClaimSlow). So Full is still exact: it is answered only when, with
//   every lane held, the live handles add up to the capacity (or no slot is left at all). When another
//   lane served it, the caller's lane gets quota while the table may still make pages (so its next add
//   grows it), or else the thread moves to the lane that served it: left out of quota and slots, its lane
//   would send its every add down the all-lanes path again.
// - Counts, EndMany, ConfirmCollected and Shutdown also take every lane, in order, so they see one
//   consistent table, as under the one lock before.
// - Deadlock: locks are only ever taken as one lane's alone, or all lanes in increasing order, and the
//   growth using (_growGate.Enter()) last, after any lanes; never a lane while holding the growth lock.
// - No ABA within a cycle: a slot's stamp changes only under its home lane's lock, and within one cycle its
//   generations only move on. A stamp comes back only after the slot issued a whole cycle of other values and
//   then rested (retired) until the table had no other slot to give (see SlotTable.Reads.cs for what a reader
//   stalled across all of that can see).
//
// On ARM64 (weak memory): a lane's SpinGate is taken with a CompareExchange (a full fence) and released with
// a release write, so every holder of a lane sees all that earlier holders of that lane wrote, and taking
// all lanes in order sees all that any lane's holders wrote. A page is handed out under _growGate: its
// lane entry is written before the page directory and _highWater are published with release writes, and
// before the lane's lock is released, so a thread that later takes the lane's lock, or that learned of a
// handle in that page through any synchronisation, reads the entry. A thread that learned of a raw value
// by a data race may read 0 there; HomeLaneOf then reads again under _growGate (which orders it after the
// writer), and only a page nobody has made yet answers "no lane". No lane is ever read as lane 0 by
// default: entries are stored as lane + 1.
//
// A small table (below LaneThreshold) has one lane holding the whole capacity, and behaves exactly as the
// one-lock table did: the same slot order (most recently freed first, then fresh slots in index order).
internal sealed partial class SlotTable
{
    /// <summary>Tables with a smaller capacity have one lane: too few handles to be worth spreading.</summary>
    public const int LaneThreshold = 4096;

    /// <summary>At most this many lanes, whatever the core count.</summary>
    public const int MaxLanes = 64;

    // The probe of the calling thread's lane, shared by all tables (lane = probe & mask). 0 until first use.
    [ThreadStatic]
    private static int t_probe;

    private readonly SpinGate[] _gates;
    private readonly SlotLane[] _lanes;
    private readonly HashSet<int>?[] _owned;
    private readonly int _laneMask;

    // Lanes take fresh pages freely while the table's slots stay below this (capacity plus one page a
    // lane); above it, a lane out of slots takes a free one from another lane instead, so memory stays
    // bounded by the capacity rather than by capacity times lanes.
    private readonly int _growLimit;

    // Orders growth: the store's pages, _pages, _pageLanes, _highWater and the store's list of weak handles.
    // A SpinGate, like the lanes': the core never waits interruptibly (Core README, "Interrupts and faults").
    private readonly SpinGate _growGate = new();

    // Per page: its home lane + 1 (0: no page yet). Only with more than one lane.
    private int[] _pageLanes = [];

    /// <summary>
    /// How many lanes a table of this capacity gets on this machine: one per core (the core count rounded
    /// down to a power of two, at most <see cref="MaxLanes"/>), but no more than leaves each lane a quota of
    /// four pages, so a lane's share is never smaller than the pages it takes.
    /// </summary>
    public static int LanesFor(int capacity)
    {
        if (capacity < LaneThreshold)
            return 1;
        int lanes = (int)Math.Min(MaxLanes, BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount) + 1) / 2);
        while (lanes > 1 && capacity / lanes < 4 * SlotStore.PageSize)
            lanes /= 2;
        return lanes;
    }

    /// <summary>Whether <paramref name="lanes"/> is a lane count a table can have (a power of two, 1 to 64).</summary>
    public static bool IsLaneCount(int lanes) => lanes is >= 1 and <= MaxLanes && BitOperations.IsPow2(lanes);

    /// <summary>The number of lanes.</summary>
    public int Lanes => _laneMask + 1;

    /// <summary>How many slots the lanes have been handed, used or not (tests: memory stays near the capacity).</summary>
    internal int SlotsMade => Volatile.Read(ref _highWater);

    private static (SpinGate[], SlotLane[], HashSet<int>?[], int, int) MakeLanes(int lanes, int capacity)
    {
        if (!IsLaneCount(lanes))
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "a power of two from 1 to 64");
        var gates = new SpinGate[lanes];
        var state = new SlotLane[lanes];
        for (int k = 0; k < lanes; k++)
        {
            gates[k] = new SpinGate();
            // The quotas add up to the capacity; lane 0 takes the remainder.
            state[k] = SlotLane.Empty(capacity / lanes + (k == 0 ? capacity % lanes : 0));
        }

        return (gates, state, new HashSet<int>?[lanes], lanes - 1, (int)Math.Min(int.MaxValue, (long)capacity + (long)lanes * SlotStore.PageSize));
    }

    /// <summary>Takes the lock of the calling thread's lane, or of the next free lane when it is taken.</summary>
    private int TakeClaimLane()
    {
        if (_laneMask == 0)
        {
            _gates[0].Take();
            return 0;
        }

        int probe = t_probe;
        if (probe == 0)
            probe = t_probe = Environment.CurrentManagedThreadId;
        for (int attempt = 0; attempt <= _laneMask; attempt++, probe++)
        {
            int k = probe & _laneMask;
            if (_gates[k].TryTake())
            {
                if (attempt != 0)
                    t_probe = probe; // stay where the lock was free
                return k;
            }
        }

        int lane = probe & _laneMask;
        _gates[lane].Take();
        t_probe = probe;
        return lane;
    }

    /// <summary>
    /// With every lane held, after lane <paramref name="j"/> served an add of lane <paramref name="k"/>'s thread
    /// because lane k had no slot (<paramref name="live"/> handles now): sees that the thread's next add need not
    /// come here again. Left as it is, lane k would send every later add down the all-lanes path: the quota
    /// moves only to the lane that serves, an add without quota never grows its lane, and slots never change
    /// lanes. While the table may still make pages freely, lane k gets quota (if it is out of it and some is
    /// spare), so its next add grows it; past that, the thread moves to lane j, which has the slots.
    /// </summary>
    private void ServedElsewhere(int k, int j, int live)
    {
        if (_highWater < Math.Min(_growLimit, MaxSlots))
        {
            if (_lanes[k].Live >= _lanes[k].Quota && live < Capacity)
                MoveQuotaTo(k);
        }
        else
        {
            t_probe = (t_probe & ~_laneMask) | (_laneMask + 1) | j; // never 0, which means "not chosen yet"
        }
    }

    /// <summary>Takes every lane's lock, in lane order; all or none.</summary>
    /// <remarks>
    /// A wait for a lane can throw (it sleeps, and Thread.Interrupt makes a sleep throw). The lanes already
    /// taken are let go then: the caller's try/finally starts only once all are held, and a lane left held
    /// would stop its adds and drops for good.
    /// </remarks>
    private void TakeAll()
    {
        int taken = 0;
        try
        {
            for (; taken < _gates.Length; taken++)
                _gates[taken].Take();
        }
        catch
        {
            while (--taken >= 0)
                _gates[taken].Release();
            throw;
        }
    }

    private void ReleaseAll()
    {
        for (int k = _gates.Length - 1; k >= 0; k--)
            _gates[k].Release();
    }

    /// <summary>
    /// With every lane held and room under the capacity: the lane to claim in. The caller's own lane if it has
    /// a slot; else another lane's free slot, then another lane's fresh one (with every lane held, taking
    /// from another lane costs nothing more, and it keeps the slots in use near the capacity); else a new
    /// page for the caller's lane; -1 when no slot is left anywhere.
    /// </summary>
    private int PickLane(int k)
    {
        if (_lanes[k].HasSlot)
            return k;
        for (int j = 0; j < _lanes.Length; j++)
        {
            if (_lanes[j].FreeHead >= 0)
                return j;
        }

        for (int j = 0; j < _lanes.Length; j++)
        {
            if (_lanes[j].Next < _lanes[j].End)
                return j;
        }

        if (TryGrowLane(ref _lanes[k], k, mayGrowPastLimit: true))
            return k;

        // No page left in the tag's space for this table: the slot that retired first comes back.
        int oldest = -1;
        for (int j = 0; j < _lanes.Length; j++)
        {
            int head = _lanes[j].RetiredHead;
            if (head >= 0 && (oldest < 0 || RetiredBefore(head, _lanes[oldest].RetiredHead)))
                oldest = j;
        }

        return oldest >= 0 && Revive(ref _lanes[oldest]) ? oldest : -1;
    }

    /// <summary>Whether retired slot <paramref name="a"/> retired before retired slot <paramref name="b"/>.</summary>
    private bool RetiredBefore(int a, int b) =>
        // Each holds minus its retirement's sequence number; the difference orders them across a wrap of the count.
        (-CycleOf(a)) - (-CycleOf(b)) < 0;

    /// <summary>Under the slot's lane lock: its cycle count, or minus its retirement's sequence number (see _cycles).</summary>
    private ref int CycleOf(int index) => ref _cycles[index >> SlotStore.PageBits]![index & SlotStore.PageMask];

    /// <summary>
    /// Under the lane's lock (with every lane held, or the table's one lane): brings the lane's oldest retired
    /// slot back onto its free list, for a new cycle of generations that goes on from its last. False when the
    /// lane has none.
    /// </summary>
    private bool Revive(ref SlotLane lane)
    {
        int index = lane.RetiredHead;
        if (index < 0)
            return false;
        ref Slot slot = ref SlotStore.Find(_pages, index);
        lane.RetiredHead = slot.TypeId;
        if (lane.RetiredHead < 0)
            lane.RetiredTail = -1;
        lane.Retired--;
        CycleOf(index) = 0;
        slot.TypeId = lane.FreeHead;
        lane.FreeHead = index;
        lane.FreeCount++;
        Interlocked.Increment(ref _revivalsUnreported);
        return true;
    }

    /// <summary>
    /// With every lane held and room under the capacity, lane <paramref name="j"/> at its quota: moves quota to it
    /// from the lane with the most to spare (half of that, at least one).
    /// </summary>
    private void MoveQuotaTo(int j)
    {
        int donor = -1, spare = 0;
        for (int d = 0; d < _lanes.Length; d++)
        {
            int unused = _lanes[d].Quota - _lanes[d].Live;
            if (d != j && unused > spare)
            {
                donor = d;
                spare = unused;
            }
        }

        // The quotas add up to the capacity and the live handles are fewer, so some other lane has spare.
        int moved = Math.Max(1, spare / 2);
        _lanes[donor].Quota -= moved;
        _lanes[j].Quota += moved;
    }

    /// <summary>
    /// Under lane <paramref name="k"/>'s lock: leases the lane the next page of the tag's space. False when the
    /// table has no slot left, or has reached the growth limit and may not pass it. A page no table used is the
    /// lane's run of fresh slots; a page an earlier table of the tag used gives its slots as they were left: a
    /// slot part-way through its cycle onto the free list (it finishes that cycle), a retired one onto the
    /// retired list (it goes on resting).
    /// </summary>
    private bool TryGrowLane(ref SlotLane lane, int k, bool mayGrowPastLimit)
    {
        using (_growGate.Enter())
        {
            if (_highWater >= MaxSlots || (!mayGrowPastLimit && _highWater >= _growLimit))
                return false;

            // The page's slots first, so a failed allocation leases nothing; a directory that fails to grow after
            // the lease gives the page back (below).
            int pageLimit = (MaxSlots + SlotStore.PageMask) >> SlotStore.PageBits;
            var slots = new Slot[SlotStore.PageSize];
            int page = _lease.LeasePage(pageLimit, out var lastGenerations, out var counts);
            if (page < 0)
                return false; // every page of the tag's space below the limit is another live table's
            try
            {
                return HandPage(ref lane, k, page, slots, lastGenerations, counts);
            }
            catch
            {
                // A directory could not grow (nothing was published yet): the page goes back to the tag's space.
                _lease.ReturnLast(page);
                throw;
            }
        }
    }

    /// <summary>Under lane <paramref name="k"/>'s lock and the growth lock: makes a leased page the lane's.</summary>
    private bool HandPage(ref SlotLane lane, int k, int page, Slot[] slots, int[] lastGenerations, int[] counts)
    {
        var generations = _generations;
        var cycles = _cycles;
        // (Only a test's table has fewer slots than a page: then its one page ends early.)
        int start = page << SlotStore.PageBits, end = Math.Min(start + SlotStore.PageSize, MaxSlots);

        // A page an earlier table of the tag used: each slot goes on from the generation it last issued, and
        // is free until this table issues it (a value of the earlier table answers Dropped or Unknown).
        bool used = false;
        for (int at = 0; at < SlotStore.PageSize; at++)
        {
            if (lastGenerations[at] == 0)
                continue;
            used = true;
            if (lastGenerations[at] > Generations)
            {
                // A raw table left this slot past the generations a compact table has: continuing it here
                // would wrap into values the raw table issued a few thousand values ago. It rests instead
                // (for every later table of the tag too), and comes back only as a retired slot does.
                if (counts[at] >= 0)
                    counts[at] = -_lease.Space.NextRetirement();
                continue; // its stamp stays 0 here: no value of this table has ever been current in it
            }

            slots[at].Stamp = HandleLayout.Stamp(Tag, lastGenerations[at], Key) | SlotStore.FreeBit;
        }

        if (page >= generations.Length)
        {
            int length = Math.Max(16, Math.Max(page + 1, generations.Length * 2));
            Array.Resize(ref generations, length);
            Array.Resize(ref cycles, length);
        }

        generations[page] = lastGenerations;
        cycles[page] = counts;
        Volatile.Write(ref _generations, generations);
        Volatile.Write(ref _cycles, cycles);
        _store.SetPage(page, slots);
        if (_laneMask != 0)
        {
            var homes = _pageLanes;
            if (page >= homes.Length)
            {
                var grown = new int[Math.Max(16, Math.Max(page + 1, homes.Length * 2))];
                Array.Copy(homes, grown, homes.Length);
                homes = grown;
            }

            homes[page] = k + 1;
            Volatile.Write(ref _pageLanes, homes);
        }

        Volatile.Write(ref _pages, _store.Pages);
        Volatile.Write(ref _highWater, _highWater + (end - start));
        if (!used)
        {
            lane.Next = start;
            lane.End = end;
            return true;
        }

        // From the last slot down, so the free list gives them in index order, as a fresh run would.
        for (int index = end - 1; index >= start; index--)
        {
            if (counts[index & SlotStore.PageMask] < 0)
            {
                AppendRetired(ref lane, index);
                continue;
            }

            slots[index & SlotStore.PageMask].TypeId = lane.FreeHead;
            lane.FreeHead = index;
            lane.FreeCount++;
        }

        return true;
    }

    /// <summary>The home lane of the slot a raw value names, or -1 when that slot does not exist.</summary>
    private int HomeLaneOf(long raw) =>
        !HandleLayout.InRange(raw) ? -1 : HomeLaneOfIndex(HandleLayout.IndexOf(raw));

    private int HomeLaneOfIndex(int index)
    {
        if (_laneMask == 0)
            return 0;
        int page = index >> SlotStore.PageBits;
        var homes = Volatile.Read(ref _pageLanes);
        int entry = page < homes.Length ? Volatile.Read(ref homes[page]) : 0;
        if (entry == 0)
        {
            // Not seen yet (a page made just now, a value learned by a data race), or no such page: ask again
            // after the growth lock, which every page's making released.
            using (_growGate.Enter())
            {
                homes = _pageLanes;
                entry = page < homes.Length ? homes[page] : 0;
            }
        }

        return entry - 1;
    }
}
