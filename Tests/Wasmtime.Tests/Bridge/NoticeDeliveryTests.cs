using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using global::Wasmtime;
using Xunit;

namespace Tether.Wasmtime.Tests.Bridge;

/// <summary>
/// Notices and codes at the guest boundary, on the real engine, with small WAT guests that only wrap the
/// ABI: guests with no notice export, a trapping one, one of the wrong signature; scopes; Reclaim; i32.
/// </summary>
public class NoticeDeliveryTests
{
    public enum Export { None, Counting, TrapsOnce, WrongSignature }

    /// <summary>A guest that re-exports the ABI and, by <paramref name="export"/>, takes notices or not.</summary>
    private static string Wat(WireForm form, Export export)
    {
        string h = form == WireForm.I64 ? "i64" : "i32";
        string notice = export switch
        {
            Export.Counting => $"(func (export \"on_collected\") (param {h}) (global.set $seen (i32.add (global.get $seen) (i32.const 1))) (global.set $last {(h == "i64" ? "(local.get 0)" : "(i64.extend_i32_u (local.get 0))")}))",
            Export.TrapsOnce => $"(func (export \"on_collected\") (param {h}) (if (i32.eqz (global.get $traps)) (then (global.set $traps (i32.const 1)) (unreachable))) (global.set $seen (i32.add (global.get $seen) (i32.const 1))))",
            Export.WrongSignature => $"(func (export \"on_collected\") (param {(h == "i64" ? "i32" : "i64")}))",
            _ => "",
        };
        return $$"""
            (module
              (import "tether" "lookup" (func $lookup (param {{h}}) (result i32)))
              (import "tether" "drop" (func $drop (param {{h}}) (result i32)))
              (import "tether" "state" (func $state (param {{h}}) (result i32)))
              (import "tether" "pump" (func $pump (result i32)))
              (global $seen (mut i32) (i32.const 0))
              (global $last (mut i64) (i64.const 0))
              (global $traps (mut i32) (i32.const 0))
              (func (export "lookup") (param {{h}}) (result i32) (call $lookup (local.get 0)))
              (func (export "drop") (param {{h}}) (result i32) (call $drop (local.get 0)))
              (func (export "state") (param {{h}}) (result i32) (call $state (local.get 0)))
              (func (export "pump") (result i32) (call $pump))
              (func (export "seen") (result i32) (global.get $seen))
              (func (export "last") (result i64) (global.get $last))
              {{notice}})
            """;
    }

    /// <summary>One instance of such a guest, attached to a table or a scope.</summary>
    private sealed class AbiGuest : IDisposable
    {
        public AbiGuest(WireForm form, Export export, HandleTable table, bool scoped = false)
        {
            var linker = new Linker(Guest.Engine);
            Bridge = HandleBridge.Define(linker, new HandleBridgeOptions { Form = form }).Match(b => b, e => throw new InvalidOperationException(e.Message));
            Store = new Store(Guest.Engine);
            Table = table;
            Scope = scoped ? table.OpenScope() : null;
            Handles = (Scope is null ? Bridge.Attach(Store, table) : Bridge.Attach(Store, Scope)).Match(h => h, e => throw new InvalidOperationException(e.Message));
            using var module = Module.FromText(Guest.Engine, "abi", Wat(form, export));
            Instance = linker.Instantiate(Store, module);
            Form = form;
        }

        public WireForm Form { get; }
        public HandleBridge Bridge { get; }
        public Store Store { get; }
        public HandleTable Table { get; }
        public HandleScope? Scope { get; }
        public GuestHandles Handles { get; }
        public Instance Instance { get; }

        public int Call(string name, long wire) => Form == WireForm.I64
            ? Instance.GetFunction<long, int>(name)!(wire)
            : Instance.GetFunction<int, int>(name)!((int)wire);

        public int Pump() => Instance.GetFunction<int>("pump")!();
        public int Seen => Instance.GetFunction<int>("seen")!();
        public long Last => Instance.GetFunction<long>("last")!();

        public void Dispose() => Store.Dispose();
    }

    private static HandleTable NotifyingTable(SlotPolicy policy = SlotPolicy.Tombstone, HandleFormat format = HandleFormat.Raw53) =>
        HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true, SlotPolicy = policy, Format = format }).Match(t => t, e => throw new InvalidOperationException(e.Message));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<long> MintUnrooted(GuestHandles guest, int count) =>
        Enumerable.Range(0, count).Select(_ => guest.Mint(new Sprite(1), Hold.Weak)).ToList();

    /// <summary>Collects until the table has confirmed <paramref name="count"/> notices (its own event says so).</summary>
    private static void CollectAndAwait(HandleTable table, int count)
    {
        int seen = 0;
        void Count(CollectionNotice _) => Interlocked.Increment(ref seen);
        table.Collected += Count;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Volatile.Read(ref seen) < count && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(5);
        }

        table.Collected -= Count;
        Assert.Equal(count, Volatile.Read(ref seen));
    }

    [Fact]
    public void A_guest_without_a_notice_export_keeps_no_notices_and_the_table_buffers_none()
    {
        using var table = NotifyingTable();
        using var guest = new AbiGuest(WireForm.I64, Export.None, table);

        MintUnrooted(guest.Handles, 50);
        CollectAndAwait(table, 50);
        Assert.Equal(0, guest.Pump()); // the first safe point learns there is no export
        Assert.Equal(0, guest.Handles.PendingNotices);

        MintUnrooted(guest.Handles, 50);
        CollectAndAwait(table, 50);
        Assert.Equal(0, guest.Handles.PendingNotices);

        // Nobody read table.Notices, and the bridge listens through the event: nothing piles up there.
        Assert.False(table.Notices.TryRead(out _));
    }

    [Fact]
    public void A_notice_whose_delivery_traps_is_delivered_at_the_next_safe_point_and_nothing_escapes()
    {
        using var table = NotifyingTable();
        using var guest = new AbiGuest(WireForm.I64, Export.TrapsOnce, table);
        MintUnrooted(guest.Handles, 3);
        CollectAndAwait(table, 3);

        Assert.Equal(0, guest.Handles.Pump(guest.Instance)); // the first delivery traps: kept, not thrown
        Assert.Equal(3, guest.Handles.PendingNotices);
        Assert.Equal(3, guest.Handles.Pump(guest.Instance));
        Assert.Equal(3, guest.Seen);
        Assert.Equal(0, guest.Handles.PendingNotices);
    }

    [Fact]
    public void A_notice_export_of_the_wrong_signature_is_no_export_and_nothing_escapes()
    {
        using var table = NotifyingTable();
        using var guest = new AbiGuest(WireForm.I64, Export.WrongSignature, table);
        MintUnrooted(guest.Handles, 3);
        CollectAndAwait(table, 3);

        Assert.Equal(0, guest.Handles.Pump(guest.Instance));
        Assert.Equal(0, guest.Handles.PendingNotices);
    }

    [Fact]
    public void Pump_on_a_disposed_store_delivers_nothing_and_throws_nothing()
    {
        using var table = NotifyingTable();
        var guest = new AbiGuest(WireForm.I64, Export.Counting, table);
        MintUnrooted(guest.Handles, 3);
        CollectAndAwait(table, 3);
        guest.Dispose();

        Assert.Equal(0, guest.Handles.Pump(guest.Instance));
    }

    [Fact]
    public void In_scope_mode_a_guests_own_dropped_handle_is_Dropped_not_WrongScope()
    {
        using var table = NotifyingTable();
        using var guest = new AbiGuest(WireForm.I64, Export.Counting, table, scoped: true);
        var sprite = new Sprite(1);
        long wire = guest.Handles.Mint(sprite);

        Assert.Equal(GuestCodes.Ok, guest.Call("drop", wire));
        Assert.Equal(-HandleErrorCode.Dropped, guest.Call("lookup", wire));
        Assert.Equal(-HandleErrorCode.Dropped, guest.Call("drop", wire));
        Assert.Equal((int)HandleState.Dropped, guest.Call("state", wire));

        // A current handle of the table outside the guest's scope is still WrongScope.
        var other = table.Add(new Sprite(2)).Match(h => h, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(-HandleErrorCode.WrongScope, guest.Call("lookup", other.Raw));
        Assert.Equal(-HandleErrorCode.WrongScope, guest.Call("drop", other.Raw));
        GC.KeepAlive(sprite);
    }

    [Fact]
    public void A_scoped_guest_on_a_reclaiming_table_gets_its_notices()
    {
        using var table = NotifyingTable(SlotPolicy.Reclaim);
        using var guest = new AbiGuest(WireForm.I64, Export.Counting, table, scoped: true);
        var raws = MintUnrooted(guest.Handles, 5);
        CollectAndAwait(table, 5);

        Assert.Equal(5, guest.Pump());
        Assert.Equal(5, guest.Seen);
        Assert.Contains(guest.Last, raws);
    }

    [Fact]
    public void An_i32_guest_on_a_reclaiming_table_receives_the_compact_value_not_zero()
    {
        using var table = NotifyingTable(SlotPolicy.Reclaim, HandleFormat.Compact32);
        using var guest = new AbiGuest(WireForm.I32, Export.Counting, table);
        var wires = MintUnrooted(guest.Handles, 1);
        CollectAndAwait(table, 1);

        Assert.Equal(1, guest.Pump());
        Assert.Equal(wires[0], guest.Last);
        Assert.True(guest.Last > 0);
    }

    [Fact]
    public void Guests_that_attached_to_a_shared_table_and_went_away_are_collected_and_get_no_notices()
    {
        using var table = NotifyingTable();
        var guests = AttachAndForget(table, 200);
        CollectUntilDead(guests);

        Assert.All(guests, g => Assert.False(g.TryGetTarget(out _)));

        // A notice after they are gone reaches nobody and throws nowhere.
        var bridgeLinker = new Linker(Guest.Engine);
        var bridge = HandleBridge.Define(bridgeLinker).Match(b => b, e => throw new InvalidOperationException(e.Message));
        using var store = new Store(Guest.Engine);
        var live = bridge.Attach(store, table).Match(h => h, e => throw new InvalidOperationException(e.Message));
        MintUnrooted(live, 1);
        CollectAndAwait(table, 1);
        Assert.Equal(1, live.PendingNotices);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<GuestHandles>> AttachAndForget(HandleTable table, int count)
    {
        var references = new List<WeakReference<GuestHandles>>();
        for (int i = 0; i < count; i++)
        {
            var linker = new Linker(Guest.Engine);
            var bridge = HandleBridge.Define(linker).Match(b => b, e => throw new InvalidOperationException(e.Message));
            var store = new Store(Guest.Engine);
            references.Add(new WeakReference<GuestHandles>(bridge.Attach(store, table).Match(h => h, e => throw new InvalidOperationException(e.Message))));
            store.Dispose();
            linker.Dispose();
        }

        return references;
    }

    private static void CollectUntilDead(List<WeakReference<GuestHandles>> guests)
    {
        for (int i = 0; i < 20 && guests.Any(g => g.TryGetTarget(out _)); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}

/// <summary>Attaching: the i32 form only on tables whose every handle has a compact value; bad arguments are errors.</summary>
public class AttachTests
{
    private static HandleBridge Bridge(WireForm form) =>
        HandleBridge.Define(new Linker(Guest.Engine), new HandleBridgeOptions { Form = form }).Match(b => b, e => throw new InvalidOperationException(e.Message));

    [Fact]
    public void The_i32_form_refuses_a_Raw53_table_whose_handles_would_run_out_of_compact_values()
    {
        using var raw53 = HandleTable.Create();
        using var store = new Store(Guest.Engine);

        var refused = Bridge(WireForm.I32).Attach(store, raw53);

        Assert.True(refused.IsFail);
        Assert.Equal(HandleErrorCode.InvalidArgument, refused.Match(_ => 0, e => e.Code));
    }

    [Fact]
    public void An_i32_guest_on_a_Compact32_table_keeps_minting_after_thousands_of_generations()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Match(t => t, e => throw new InvalidOperationException(e.Message));
        using var store = new Store(Guest.Engine);
        var guest = Bridge(WireForm.I32).Attach(store, table).Match(g => g, e => throw new InvalidOperationException(e.Message));

        // 5,000 mint/drop cycles on one slot: past 2,047 generations the slot retires and the next one is used.
        for (int i = 0; i < 5_000; i++)
        {
            long wire = guest.Mint(new Sprite(i));
            Assert.True(wire > 0, $"cycle {i}: Mint answered {wire}");
            Assert.True(table.Drop(guest.Resolve<Sprite>(wire).Match(h => h, e => throw new InvalidOperationException(e.Message))).IsSucc);
        }
    }

    [Fact]
    public void Null_and_disposed_arguments_are_errors_not_exceptions()
    {
        var bridge = Bridge(WireForm.I64);
        using var store = new Store(Guest.Engine);
        var table = HandleTable.Create();

        Assert.Equal(HandleErrorCode.InvalidArgument, bridge.Attach(null!, table).Match(_ => 0, e => e.Code));
        Assert.Equal(HandleErrorCode.InvalidArgument, bridge.Attach(store, (HandleTable)null!).Match(_ => 0, e => e.Code));
        Assert.Equal(HandleErrorCode.InvalidArgument, bridge.Attach(store, (HandleScope)null!).Match(_ => 0, e => e.Code));
        table.Dispose();
        Assert.Equal(HandleErrorCode.Disposed, bridge.Attach(store, table).Match(_ => 0, e => e.Code));
    }

    /// <summary>
    /// What the i32 form isolates, exactly (docs/wasm.md): a compact value carries no table, so another
    /// instance's value is read in the receiver's own table. It can only ever reach the receiver's own
    /// resources, never the sender's; with scopes on a shared table it is WrongScope.
    /// </summary>
    [Fact]
    public void An_i32_value_from_another_instance_reaches_only_the_receivers_own_table_or_is_WrongScope_in_a_shared_one()
    {
        var bridge = Bridge(WireForm.I32);
        using var tableA = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Match(t => t, e => throw new InvalidOperationException(e.Message));
        using var tableB = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Match(t => t, e => throw new InvalidOperationException(e.Message));
        using var storeA = new Store(Guest.Engine);
        using var storeB = new Store(Guest.Engine);
        var a = bridge.Attach(storeA, tableA).Match(g => g, e => throw new InvalidOperationException(e.Message));
        var b = bridge.Attach(storeB, tableB).Match(g => g, e => throw new InvalidOperationException(e.Message));
        var spriteA = new Sprite(1);
        var spriteB = new Sprite(2);
        long wireA = a.Mint(spriteA);
        long wireB = b.Mint(spriteB);

        // Same slot and generation in both tables: B reading A's value gets B's own sprite, never A's.
        Assert.Equal(wireA, wireB);
        Assert.Same(spriteB, b.Get<Sprite>(wireA).Match(s => s, e => throw new InvalidOperationException(e.Message)));

        // A shared table with a scope per instance: A's value is WrongScope for B.
        using var shared = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Match(t => t, e => throw new InvalidOperationException(e.Message));
        using var storeC = new Store(Guest.Engine);
        using var storeD = new Store(Guest.Engine);
        var c = bridge.Attach(storeC, shared.OpenScope()).Match(g => g, e => throw new InvalidOperationException(e.Message));
        var d = bridge.Attach(storeD, shared.OpenScope()).Match(g => g, e => throw new InvalidOperationException(e.Message));
        long wireC = c.Mint(spriteA);
        d.Mint(spriteB);
        Assert.Equal(HandleErrorCode.WrongScope, d.Get<Sprite>(wireC).Match(_ => 0, e => e.Code));
    }
}
