using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// Core.CSharp/Slots/SlotTable.Lanes.cs: which locks an add really takes, what a thread
/// that fails while it waits for every lane leaves behind, and whether the padding the comments promise is
/// really there. A lane's lock is held from the test thread (through the private field) to tell an add that
/// takes one lane from one that takes them all.
/// </summary>
public class LaneAssignmentTests
{
    private static readonly FieldInfo Probe =
        typeof(SlotTable).GetField("t_probe", BindingFlags.NonPublic | BindingFlags.Static)!;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_gates")]
    private static extern ref SpinGate[] Gates(SlotTable table);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lanes")]
    private static extern ref SlotLane[] Lanes(SlotTable table);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_held")]
    private static extern ref int Held(SpinGate gate);

    /// <summary>The first byte of an object's fields (the usual RawData overlay).</summary>
    private sealed class RawObject
    {
#pragma warning disable CS0649 // only ever overlaid on another object, never written
        public byte Data;
#pragma warning restore CS0649
    }

    private static SlotTable Laned(int capacity, int lanes) =>
        new(tag: 5, key: 0x0BAD, capacity, HandleLayout.MaxSlotsRaw, maxGeneration: 1000, lanes);

    private static long Claim(SlotTable slots, object resource)
    {
        long raw = slots.Claim(resource, true, TypeKey<Resource>.Id, out var failure);
        Assert.Equal(SlotTable.ClaimFailure.None, failure);
        return raw;
    }

    /// <summary>Puts the calling thread on lane <c>probe &amp; (lanes - 1)</c> (the probe is per thread).</summary>
    private static void OnLane(int probe) => Probe.SetValue(null, probe);

    /// <summary>
    /// A thread whose lane has used up its quota exactly as its slots ran out (the quota of a power-of-two
    /// capacity is a whole number of pages), or whose lane cannot grow any more (the table has handed out
    /// capacity plus a page a lane), while another lane has free slots: its next add decides with every lane
    /// held, and takes the other lane's free slot. That is fine once. But the quota moves only to the lane that
    /// serves, and the thread stays on its own lane, which still has neither quota nor slot: so every later add
    /// of that thread takes every lane's lock too, for as long as the other lane has free slots (in the
    /// second case, for ever). A producer whose queue ran deep once, then adds at a steady rate, is in exactly
    /// this state. The test holds lane 3's lock, as a thread busy on lane 3 would: adds that need one lane
    /// go on; adds that take every lane wait.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void After_one_add_served_by_another_lane_the_next_adds_take_one_lane_only(bool growthLimitReached)
    {
        // 4 lanes of quota 1,024 (4 pages each); fresh pages while the table has fewer than 4,096 + 4 × 256 slots.
        var slots = Laned(capacity: 4096, lanes: 4);
        var gates = Gates(slots);
        var keep = new Resource(0);
        Exception? error = null;
        int added = 0;
        using var ready = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var worker = Threads.Start(() =>
        {
            try
            {
                // Lane 0 is left with free slots: one page of them, or (with the limit) all 16 pages.
                OnLane(4);
                var first = Enumerable.Range(0, growthLimitReached ? 4096 : 256).Select(_ => Claim(slots, keep)).ToArray();
                foreach (var raw in first)
                    Assert.True(slots.TryEnd(raw, SlotTable.AnyType, requireTarget: false, out _, out _, out _));

                // Lane 1 uses its 4 pages, then one more add finds it with neither quota nor slot, and is served
                // by lane 0 with every lane held. With the limit, lane 0's 16 pages leave the table 4 more it
                // may make freely; and lane 0's adds took all of lane 1's quota, so lane 1's first add is
                // served by lane 0 too (see the next test), and only its next 1,024 use its pages.
                OnLane(1);
                for (int i = 0; i < (growthLimitReached ? 1 : 0) + 1024 + 1; i++)
                    Claim(slots, keep);
                ready.Set();
                go.Wait();

                for (int i = 0; i < 100; i++)
                {
                    Claim(slots, keep);
                    Volatile.Write(ref added, i + 1);
                }
            }
            catch (Exception e)
            {
                error = e;
                ready.Set();
            }
        });

        Assert.True(ready.Wait(TimeSpan.FromSeconds(30)));
        Assert.Null(error);
        gates[3].Take();
        go.Set();
        bool finished = worker.Join(TimeSpan.FromSeconds(5));
        int addedWhileLane3WasBusy = Volatile.Read(ref added);
        gates[3].Release();
        worker.Join();

        Assert.Null(error);
        Assert.True(finished, $"{addedWhileLane3WasBusy} of 100 adds done while lane 3 was busy: the rest waited for every lane");
        Assert.Equal(100, addedWhileLane3WasBusy);
        var counts = slots.Counts();
        int live = (growthLimitReached ? 1 : 0) + 1024 + 1 + 100;
        Assert.Equal(new TableCounts(live, 0, 0, 4096 - live, 0), counts);
        GC.KeepAlive(keep);
    }

    /// <summary>
    /// One thread fills the table once (a start-up burst) and empties it. Every time its lane ran out of quota
    /// the quota came from the lane with the most to spare, so the other lanes are left with quota 0, and no
    /// page. A thread on lane 1 then adds: with every lane held, it is served by lane 0's free slots (fine:
    /// that keeps the slots near the capacity), but the quota only ever moves to the lane that serves. So lane
    /// 1 never gets quota again, and without quota its adds never try to grow it, though the table may still
    /// make pages freely (4,096 slots, limit 4,096 + 4 × 256): its thread takes every lane on each add, or
    /// (if it follows lane 0) shares lane 0 with lane 0's threads for good. The table runs as one lane for ever
    /// after one fill. The test holds lane 0's lock, as lane 0's thread would: after one add (which may take
    /// every lane), lane 1's thread must go on alone, in a page of its own lane.
    /// </summary>
    [Fact]
    public void After_one_thread_filled_the_table_a_thread_on_another_lane_gets_a_lane_of_its_own()
    {
        var slots = Laned(capacity: 4096, lanes: 4);
        var gates = Gates(slots);
        var keep = new Resource(0);
        Exception? error = null;
        var indexes = new int[101];
        int added = 0;
        using var ready = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var worker = Threads.Start(() =>
        {
            try
            {
                OnLane(4);
                var burst = Enumerable.Range(0, 4096).Select(_ => Claim(slots, keep)).ToArray();
                foreach (var raw in burst)
                    Assert.True(slots.TryEnd(raw, SlotTable.AnyType, requireTarget: false, out _, out _, out _));

                OnLane(1);
                indexes[0] = HandleLayout.IndexOf(Claim(slots, keep));
                ready.Set();
                go.Wait();
                for (int i = 1; i <= 100; i++)
                {
                    indexes[i] = HandleLayout.IndexOf(Claim(slots, keep));
                    Volatile.Write(ref added, i);
                }
            }
            catch (Exception e)
            {
                error = e;
                ready.Set();
            }
        });

        Assert.True(ready.Wait(TimeSpan.FromSeconds(30)));
        Assert.Null(error);
        gates[0].Take();
        go.Set();
        bool finished = worker.Join(TimeSpan.FromSeconds(5));
        int addedWhileLane0WasBusy = Volatile.Read(ref added);
        gates[0].Release();
        worker.Join();

        Assert.Null(error);
        Assert.True(finished, $"{addedWhileLane0WasBusy} of 100 adds done while lane 0 was busy");
        // The first add: lane 0's most recently freed slot. The next: lane 1's own first page, the 17th of the table.
        Assert.Equal(4095, indexes[0]);
        Assert.Equal(Enumerable.Range(4096, 100), indexes[1..]);
        Assert.Equal(new TableCounts(101, 0, 0, 4096 - 101, 0), slots.Counts());
        Assert.Equal(4096 + SlotStore.PageSize, slots.SlotsMade);
        GC.KeepAlive(keep);
    }

    /// <summary>
    /// Counts, EndMany, ConfirmCollected, Shutdown and every add that a lane cannot serve take every lane, one
    /// after the other. A thread interrupted while it waits for a lane once left by ThreadInterruptedException
    /// (the wait slept, and a sleep throws), and had to let go the lanes it had taken. The wait no longer sleeps:
    /// the interrupted thread keeps waiting, takes every lane once it is free, lets them all go, and the interrupt
    /// stays pending for its own next wait.
    /// </summary>
    [Fact]
    public void A_thread_interrupted_while_it_waits_for_every_lane_takes_them_all_and_leaves_none_held()
    {
        var slots = Laned(capacity: 64, lanes: 4);
        var gates = Gates(slots);
        gates[2].Take(); // a thread busy on lane 2

        Exception? thrown = null;
        TableCounts? counts = null;
        bool pending = false;
        var waiter = Threads.Start(() =>
        {
            try
            {
                counts = slots.Counts();
            }
            catch (Exception e)
            {
                thrown = e;
                return;
            }

            try
            {
                Thread.Sleep(1);
            }
            catch (ThreadInterruptedException)
            {
                pending = true;
            }
        });

        // The waiter holds lanes 0 and 1 and waits for lane 2; interrupt it there.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref Held(gates[1])) == 1, TimeSpan.FromSeconds(10)));
        waiter.Interrupt();
        Assert.False(waiter.Join(TimeSpan.FromMilliseconds(200)), "the interrupted waiter stopped waiting for lane 2");
        gates[2].Release();
        Assert.True(waiter.Join(TimeSpan.FromSeconds(10)));
        Assert.Null(thrown);
        Assert.Equal(new TableCounts(0, 0, 0, 64, 0), counts);
        Assert.True(pending, "the interrupt was consumed inside the table");
        Assert.Equal(new[] { 0, 0, 0, 0 }, gates.Select(g => Volatile.Read(ref Held(g))).ToArray());
    }

    /// <summary>
    /// SpinGate says it is "padded to 128 bytes on each side", with a 128-byte field declared before the lock
    /// word and one after. But the runtime lays out a class's fields as it likes: it puts the int first, right
    /// after the object's header, and both paddings after it. So the lock word shares its line with whatever
    /// object the heap put before the gate.
    /// </summary>
    [Fact]
    public void A_lane_lock_word_has_128_bytes_of_its_own_gate_before_it()
    {
        var gate = new SpinGate();
        long offset = Unsafe.ByteOffset(ref Unsafe.As<RawObject>(gate).Data, ref Unsafe.As<int, byte>(ref Held(gate)));
        Assert.Equal(128, offset);
    }

    /// <summary>
    /// SlotLane says two lanes' fields are never on one line nor one pair of lines (128 bytes), being 128 bytes
    /// each with 32 used. That holds only if the array starts on a 128-byte boundary, which .NET never promises
    /// (arrays are 8-byte aligned): lane k's 32 bytes and lane k+1's are 96 bytes apart, so for some array
    /// addresses they share a 128-byte line. Worse, lane 0's fields start 8 bytes after the array's length,
    /// which every add and drop on every lane reads (the bounds check of <c>_lanes[k]</c>): each write of lane 0
    /// takes that line away from all the other lanes' threads, on 64-byte lines too.
    /// </summary>
    [Fact]
    public void No_two_lanes_and_no_lane_and_the_lane_array_length_ever_share_a_128_byte_line()
    {
        var lanes = Lanes(Laned(capacity: 4096, lanes: 4));
        (long First, long Last) Written(int k) => WrittenBytes(lanes, k);

        // Two byte ranges share no 128-byte line wherever the array lies (8-byte aligned) only if at least 128
        // bytes separate them: from the last byte of one to the first of the other.
        // On 64-bit, an array's length is the 4 bytes at 8 bytes before its first element.
        const long lengthLast = -8 + sizeof(int) - 1;
        Assert.True(Written(0).First - lengthLast >= 128,
            $"lane 0 writes {Written(0).First - lengthLast} bytes after the last byte of the array's length");
        for (int k = 0; k + 1 < lanes.Length; k++)
        {
            Assert.True(Written(k + 1).First - Written(k).Last >= 128,
                $"lane {k + 1}'s fields start {Written(k + 1).First - Written(k).Last} bytes after lane {k}'s last");
        }

        // And after the last lane, the array's own bytes (what the heap puts next is anyone's).
        long arrayEnd = (long)lanes.Length * Unsafe.SizeOf<SlotLane>();
        Assert.True(arrayEnd - Written(lanes.Length - 1).Last >= 128,
            $"the array ends {arrayEnd - Written(lanes.Length - 1).Last} bytes after the last lane's last written byte");
    }
    /// <summary>The bytes lane <paramref name="k"/> writes, from its first field to the end of its last, relative to the array's first element.</summary>
    private static (long First, long Last) WrittenBytes(SlotLane[] lanes, int k)
    {
        ref byte data = ref Unsafe.As<SlotLane, byte>(ref MemoryMarshal.GetArrayDataReference(lanes));
        ref SlotLane lane = ref lanes[k];
        long[] starts =
        [
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.FreeHead)),
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.FreeCount)),
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.Strong)),
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.Weak)),
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.Retired)),
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.Quota)),
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.Next)),
            Unsafe.ByteOffset(ref data, ref Unsafe.As<int, byte>(ref lane.End)),
        ];
        return (starts.Min(), starts.Max() + sizeof(int) - 1);
    }
}
