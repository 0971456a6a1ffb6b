using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// A table's tag and weak GC handles go back when the table is gone: also when a finalizer brought the
/// table back for a while first, and only once that finalizer's object lets go of it.
/// </summary>
// Tags and weak GC handles are counted process-wide: this class runs with the other finalizer tests, alone.
[Collection(nameof(Tether.Tests.Table.FinalizerCycleTests))]
public class FinalizedTableReleaseTests
{
    private static readonly object KeptAlive = new();

    /// <summary>Brings its table back from its finalizer, once.</summary>
    private sealed class Reviver(HandleTable table)
    {
        public static volatile Reviver? Risen;

        public HandleTable Table { get; } = table;

        ~Reviver() => Risen = this;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Tag, int Users) AbandonRevivable()
    {
        var table = HandleTable.Create();
        table.Add(KeptAlive, Hold.Weak).Value();
        _ = new Reviver(table);
        return (table.Tag, TagRegistry.UsersOf(table.Tag));
    }

    [Fact]
    public void A_table_brought_back_by_a_finalizer_gives_its_tag_and_weak_handles_back_once_it_is_let_go()
    {
        Reviver.Risen = null;
        Gc.Collect();
        long baseline = Interlocked.Read(ref SlotStore.LiveWeakHandles);
        var (tag, users) = AbandonRevivable();
        Assert.Equal(baseline + 1, Interlocked.Read(ref SlotStore.LiveWeakHandles));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Reviver.Risen is null && DateTime.UtcNow < deadline)
            Gc.Collect();
        Assert.NotNull(Reviver.Risen);
        Assert.Equal(users, TagRegistry.UsersOf(tag)); // back, so it keeps everything
        Assert.Equal(baseline + 1, Interlocked.Read(ref SlotStore.LiveWeakHandles));

        Reviver.Risen = null;
        deadline = DateTime.UtcNow.AddSeconds(5);
        while ((TagRegistry.UsersOf(tag) >= users || Interlocked.Read(ref SlotStore.LiveWeakHandles) > baseline) && DateTime.UtcNow < deadline)
            Gc.Collect();

        Assert.Equal(users - 1, TagRegistry.UsersOf(tag));
        Assert.Equal(baseline, Interlocked.Read(ref SlotStore.LiveWeakHandles));
        GC.KeepAlive(KeptAlive);
    }

    [Fact]
    public void Each_slot_records_its_weak_GC_handle_once_however_often_it_is_reused()
    {
        Gc.Collect();
        long baseline = Interlocked.Read(ref SlotStore.LiveWeakHandles);
        using var table = HandleTable.Create();
        var resource = new Resource(1);

        var first = table.Add(resource, Hold.Weak).Value();
        Assert.Equal(baseline + 1, Interlocked.Read(ref SlotStore.LiveWeakHandles));
        table.Drop(first).Value();
        table.Add(resource, Hold.Weak).Value(); // the same slot, its handle reused
        table.Add(resource, Hold.Weak).Value(); // a new slot

        Assert.Equal(baseline + 2, Interlocked.Read(ref SlotStore.LiveWeakHandles));
        GC.KeepAlive(resource);
    }
}
