using System;
using global::Wasmtime;
using Xunit;

namespace Tether.Wasmtime.Tests.Bridge;

/// <summary>
/// A guest that passes stale or forged handles in a loop costs the host no garbage (issue 15): the bridge
/// answers codes without building errors, and so does <see cref="GuestHandles.TryGet{T}"/> for host functions.
/// </summary>
public class RefusalAllocationTests
{
    private const string Loop = """
        (module
          (import "tether" "lookup" (func $lookup (param i64) (result i32)))
          (import "tether" "drop" (func $drop (param i64) (result i32)))
          (import "tether" "state" (func $state (param i64) (result i32)))
          (func (export "refusals") (param $h i64) (param $n i32) (result i32)
            (local $sum i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $sum (i32.add (local.get $sum) (call $lookup (local.get $h))))
                (local.set $sum (i32.add (local.get $sum) (call $drop (local.get $h))))
                (local.set $sum (i32.add (local.get $sum) (call $state (local.get $h))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $sum)))
        """;

    private static long LeastPerRound(Action round)
    {
        round();
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    [Fact]
    public void A_guest_passing_a_stale_handle_in_a_loop_gets_its_codes_and_allocates_nothing_per_call()
    {
        using var linker = new Linker(Guest.Engine);
        var bridge = HandleBridge.Define(linker).ThrowIfFail();
        using var table = HandleTable.Create();
        using var store = new Store(Guest.Engine);
        var handles = bridge.Attach(store, table).ThrowIfFail();
        long stale = handles.Mint(new Sprite(1));
        Assert.True(table.Drop(stale).IsSucc);
        using var module = Module.FromText(Guest.Engine, "refusals", Loop);
        var refusals = linker.Instantiate(store, module).GetFunction<long, int, int>("refusals")!;

        // lookup and drop say Dropped (-2), state says Dropped (2).
        Assert.Equal(-2 - 2 + 2, refusals(stale, 1));

        // 10,000 iterations (30,000 refused calls): an error per call would be over a megabyte.
        long least = LeastPerRound(() => refusals(stale, 10_000));
        Assert.InRange(least, 0, 10_000);
    }

    [Theory]
    [InlineData(WireForm.I64)]
    [InlineData(WireForm.I32)]
    public void Minting_and_dropping_allocates_no_closure(WireForm form)
    {
        using var linker = new Linker(Guest.Engine);
        var bridge = HandleBridge.Define(linker, new HandleBridgeOptions { Form = form }).ThrowIfFail();
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).ThrowIfFail();
        using var store = new Store(Guest.Engine);
        var handles = bridge.Attach(store, table).ThrowIfFail();
        var sprite = new Sprite(1);

        long least = LeastPerRound(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                long wire = handles.Mint(sprite);
                table.Drop(handles.Resolve<Sprite>(wire).ThrowIfFail());
            }
        });
        Assert.InRange(least, 0, 1_000);
    }

    [Theory]
    [InlineData(WireForm.I64)]
    [InlineData(WireForm.I32)]
    public void TryGet_answers_as_Get_and_a_refusal_allocates_nothing(WireForm form)
    {
        using var linker = new Linker(Guest.Engine);
        var bridge = HandleBridge.Define(linker, new HandleBridgeOptions { Form = form }).ThrowIfFail();
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).ThrowIfFail();
        using var store = new Store(Guest.Engine);
        var handles = bridge.Attach(store, table).ThrowIfFail();
        var sprite = new Sprite(1);
        long live = handles.Mint(sprite);
        long dropped = handles.Mint(new Sprite(2));
        handles.Table.Drop(handles.Resolve<Sprite>(dropped).ThrowIfFail()).ThrowIfFail();
        long other = handles.Mint("another type");

        Assert.Equal(GuestCodes.Ok, handles.TryGet<Sprite>(live, out var found));
        Assert.Same(sprite, found);
        foreach (long wire in new[] { dropped, other, 0, -1, live + (1L << 40), long.MaxValue })
        {
            int expected = handles.Get<Sprite>(wire).Match(_ => GuestCodes.Ok, GuestCodes.Of);
            Assert.Equal(expected, handles.TryGet<Sprite>(wire, out found));
            Assert.Null(found);
        }

        long least = LeastPerRound(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                handles.TryGet<Sprite>(dropped, out _);
                handles.TryGet<Sprite>(other, out _);
                handles.TryGet<Sprite>(long.MaxValue, out _);
            }
        });
        Assert.InRange(least, 0, 1_000);
    }
}
