using System;
using System.Collections.Generic;
using global::Wasmtime;
using Xunit;

namespace Tether.Wasmtime.Tests.Bridge;

public class HandleBridgeTests : IDisposable
{
    private readonly Dictionary<Store, Guest> _guests = [];
    private readonly HandleBridge _bridge;
    private readonly Linker _linker;

    public HandleBridgeTests() => (_bridge, _linker) = Guest.Host(store => _guests[store]);

    private Guest NewGuest(HandleTableOptions? options = null)
    {
        var guest = new Guest(_bridge, _linker, options);
        _guests[guest.Store] = guest;
        return guest;
    }

    public void Dispose()
    {
        foreach (var guest in _guests.Values)
            guest.Dispose();
        _linker.Dispose();
    }

    [Fact]
    public void A_guest_keeps_handles_in_its_memory_and_uses_them()
    {
        var guest = NewGuest();
        long first = guest.Acquire(0, weak: false);
        long second = guest.Acquire(1, weak: false);

        Assert.True(first > 0 && second > first);
        Assert.Equal(first, guest.HandleAt(0));
        Assert.Equal(1, guest.Call("draw_slot", 0));
        Assert.Equal(2, guest.Call("draw_slot", 1));
        Assert.Equal(GuestCodes.Ok, guest.Call("lookup_slot", 0));
        Assert.Equal((int)HandleState.Alive, guest.Call("state_slot", 0));
        Assert.Equal(0, guest.WrongResources);
    }

    [Fact]
    public void Every_ABI_function_answers_its_exact_code()
    {
        var guest = NewGuest();
        guest.Acquire(0, weak: false);
        guest.Acquire(1, weak: false);
        // Root the sprite while the handle is loose: a GC between loosen and the check would collect it.
        var rooted = guest.Handles.Get<Sprite>(guest.HandleAt(0)).ThrowIfFail();

        Assert.Equal(GuestCodes.Ok, guest.Call("loosen_slot", 0));
        Assert.Equal(Hold.Weak, guest.Table.HoldOf(guest.Table.Resolve<Sprite>(guest.HandleAt(0)).ThrowIfFail()).ThrowIfFail());
        Assert.Equal(GuestCodes.Ok, guest.Call("tighten_slot", 0));
        GC.KeepAlive(rooted);
        Assert.Equal(GuestCodes.Ok, guest.Call("drop_slot", 0));

        Assert.Equal(-HandleErrorCode.Dropped, guest.Call("drop_slot", 0));
        Assert.Equal(-HandleErrorCode.Dropped, guest.Call("draw_slot", 0));
        Assert.Equal(-HandleErrorCode.Dropped, guest.Call("lookup_slot", 0));
        Assert.Equal(-HandleErrorCode.Dropped, guest.Call("loosen_slot", 0));
        Assert.Equal(-HandleErrorCode.Dropped, guest.Call("tighten_slot", 0));
        Assert.Equal((int)HandleState.Dropped, guest.Call("state_slot", 0));

        // Slot 5 was never filled: the guest passes 0, which is never a handle.
        Assert.Equal(-HandleErrorCode.Unknown, guest.Call("drop_slot", 5));
        Assert.Equal(-HandleErrorCode.Unknown, guest.Call("draw_slot", 5));
        Assert.Equal(-HandleErrorCode.Unknown, guest.Call("lookup_slot", 5));
        Assert.Equal((int)HandleState.Unknown, guest.Call("state_slot", 5));

        guest.Table.Dispose();
        Assert.Equal(-HandleErrorCode.Disposed, guest.Call("lookup_slot", 1));
        Assert.Equal(-HandleErrorCode.Disposed, guest.Call("draw_slot", 1));
        Assert.Equal(-HandleErrorCode.Disposed, guest.Acquire(2, weak: false));
    }

    [Fact]
    public void A_collected_sprite_is_Collected_and_the_guest_is_notified_at_the_next_safe_point()
    {
        var guest = NewGuest();
        long weak = guest.Acquire(0, weak: true);
        guest.Acquire(1, weak: false);

        Collect(guest);

        Assert.Equal(-HandleErrorCode.Collected, guest.Call("draw_slot", 0));
        // draw_slot is a host function of the app, not a safe point; the ABI call below is.
        Assert.Equal(-HandleErrorCode.Collected, guest.Call("tighten_slot", 0));
        Assert.Equal(1, guest.Noticed);
        Assert.Equal(weak, guest.Instance.GetFunction<long>("last_noticed")!());
        Assert.Equal(0, guest.HandleAt(0)); // the guest forgot it
        Assert.Equal(1, guest.Call("draw_slot", 1) > 0 ? 1 : 0);
    }

    [Fact]
    public void The_host_can_pump_notices_between_guest_calls()
    {
        var guest = NewGuest();
        guest.Acquire(0, weak: true);
        guest.Acquire(1, weak: true);

        Collect(guest, expected: 2);

        Assert.Equal(2, guest.Handles.Pump(guest.Instance));
        Assert.Equal(2, guest.Noticed);
        Assert.Equal(0, guest.Handles.Pump(guest.Instance));
    }

    [Fact]
    public void An_instance_cannot_reach_another_instances_sprites()
    {
        var one = NewGuest();
        var other = NewGuest();
        long mine = one.Acquire(0, weak: false);

        // The other guest forges: it writes one's handle into its own memory and uses it.
        other.Instance.GetMemory("memory")!.WriteInt64(0, mine);

        Assert.Equal(-HandleErrorCode.WrongTable, other.Call("draw_slot", 0));
        Assert.Equal(-HandleErrorCode.WrongTable, other.Call("drop_slot", 0));
        Assert.Equal(-HandleErrorCode.WrongTable, other.Call("lookup_slot", 0));
        Assert.Equal(1, one.Call("draw_slot", 0));
    }

    [Theory]
    [InlineData(54)]
    [InlineData(53)]
    [InlineData(63)]
    public void A_stale_handle_with_a_bit_above_the_raw_range_is_Unknown_while_the_slot_is_reused(int bit)
    {
        // The free stamp of a slot has bit 30 set, which is bit 54 of a raw value: before the range check,
        // `stale | 1 << 54` matched the freed slot, and after reuse reached the slot's next sprite.
        var guest = NewGuest();
        var memory = guest.Instance.GetMemory("memory")!;
        for (int round = 0; round < 200; round++)
        {
            long stale = guest.Acquire(0, weak: round % 2 == 0);
            Assert.Equal(GuestCodes.Ok, guest.Call("drop_slot", 0));
            memory.WriteInt64(8, stale | (1L << bit));
            Assert.Equal(-HandleErrorCode.Unknown, guest.Call("draw_slot", 1));
            Assert.Equal(-HandleErrorCode.Unknown, guest.Call("lookup_slot", 1));
            Assert.Equal((int)HandleState.Unknown, guest.Call("state_slot", 1));

            guest.Acquire(0, weak: false); // the slot's next generation
            memory.WriteInt64(8, stale | (1L << bit));
            Assert.Equal(-HandleErrorCode.Unknown, guest.Call("draw_slot", 1));
            Assert.Equal(-HandleErrorCode.Unknown, guest.Call("drop_slot", 1));
            Assert.Equal(GuestCodes.Ok, guest.Call("drop_slot", 0));
        }

        Assert.Equal(0, guest.WrongResources);
    }

    [Fact]
    public void A_guest_forging_handles_in_a_loop_gets_codes_never_traps_nor_wrong_sprites()
    {
        var guest = NewGuest();
        for (int slot = 0; slot < 64; slot++)
            guest.Acquire(slot, weak: slot % 3 == 0);

        int succeeded = guest.Instance.GetFunction<int, long, int>("forge")!(100_000, 0x5EED_1234_ABCDL);

        Assert.Equal(0, guest.WrongResources);
        Assert.True(guest.Draws >= 100_000);
        Assert.True(succeeded >= 0);
    }

    [Fact]
    public void A_leaking_guest_reaches_TableFull_and_host_memory_stays_bounded()
    {
        var guest = NewGuest(new HandleTableOptions { Capacity = 5000, NotifyCollected = true });

        int got = guest.Instance.GetFunction<int>("leak")!();

        Assert.Equal(5000, got);
        Assert.Equal(-HandleErrorCode.TableFull, guest.Instance.GetFunction<long>("last_error")!());
        Assert.Equal(new TableCounts(5000, 0, 0, 0, 0), guest.Table.Counts);
    }

    [Fact]
    public void The_compact_form_passes_i32_handles()
    {
        var guests = new Dictionary<Store, (HandleTable Table, GuestHandles Handles)>();
        using var linker = new Linker(Guest.Engine);
        var bridge = HandleBridge.Define(linker, new HandleBridgeOptions { Form = WireForm.I32 }).ThrowIfFail();
        linker.DefineFunction("host", "make", (Caller c, int weak) => (int)guests[c.Store].Handles.Mint(new Sprite(1), weak != 0 ? Hold.Weak : Hold.Strong));
        using var module = Module.FromText(Guest.Engine, "compact", """
            (module
              (import "tether" "drop" (func $drop (param i32) (result i32)))
              (import "tether" "state" (func $state (param i32) (result i32)))
              (import "tether" "lookup" (func $lookup (param i32) (result i32)))
              (import "host" "make" (func $make (param i32) (result i32)))
              (func (export "make") (param i32) (result i32) (call $make (local.get 0)))
              (func (export "drop") (param i32) (result i32) (call $drop (local.get 0)))
              (func (export "state") (param i32) (result i32) (call $state (local.get 0)))
              (func (export "lookup") (param i32) (result i32) (call $lookup (local.get 0))))
            """);
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32, NotifyCollected = true }).ThrowIfFail();
        using var store = new Store(Guest.Engine);
        guests[store] = (table, bridge.Attach(store, table).ThrowIfFail());
        var instance = linker.Instantiate(store, module);
        var make = instance.GetFunction<int, int>("make")!;
        var drop = instance.GetFunction<int, int>("drop")!;
        var state = instance.GetFunction<int, int>("state")!;
        var lookup = instance.GetFunction<int, int>("lookup")!;

        int handle = make(0);

        Assert.Equal(1 << 20, handle); // slot 0, generation 1
        Assert.Equal((int)HandleState.Alive, state(handle));
        Assert.Equal(GuestCodes.Ok, drop(handle));
        Assert.Equal(-HandleErrorCode.Dropped, drop(handle));
        Assert.Equal(-HandleErrorCode.Unknown, lookup(12345));
        Assert.Equal(-HandleErrorCode.Unknown, lookup(-7));
        Assert.Equal((int)HandleState.Dropped, state(handle));
    }

    private static void Collect(Guest guest, int expected = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            System.Threading.Thread.Sleep(5);
        }
        while (guest.Handles.PendingNotices < expected && DateTime.UtcNow < deadline);
        Assert.Equal(expected, guest.Handles.PendingNotices);
    }
}
