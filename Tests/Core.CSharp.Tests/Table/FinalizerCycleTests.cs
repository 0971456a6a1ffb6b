using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>A resource that knows its table (the common "node points back to its registry" shape).</summary>
public sealed class BackRef(HandleTable table)
{
    public HandleTable Table { get; } = table;
}

/// <summary>A resource that knows a scope of its table (the scope knows the table).</summary>
public sealed class ScopeRef(HandleScope scope)
{
    public HandleScope Scope { get; } = scope;
}

/// <summary>
/// The SlotStore and TagLease finalizers re-register while their table is reachable through a
/// trackResurrection weak handle. The store is finalizable and strongly holds every strong resource; a
/// finalizable object's graph is marked before long weak handles are cleared. So a strong resource that
/// refers back to the table keeps the table "reachable" from the store's own finalization, every collection,
/// forever: the store and the lease re-register for ever, the weak GC handles and the tag never come back.
/// Counted process-wide, so this class runs alone.
/// </summary>
[Collection(nameof(FinalizerCycleTests))]
[CollectionDefinition(nameof(FinalizerCycleTests), DisableParallelization = true)]
public class FinalizerCycleTests
{
    private static readonly List<object> Kept = [];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Table, int Tag, int Users) Abandon(Func<HandleTable, object> backRef, int weak)
    {
        var table = HandleTable.Create();
        for (int i = 0; i < weak; i++)
        {
            var o = new object();
            lock (Kept)
                Kept.Add(o);
            table.Add(o, Hold.Weak).Value();
        }

        table.Add(backRef(table)).Value(); // strong, borrowed: the table holds something that knows the table
        return (new WeakReference(table, trackResurrection: true), table.Tag, TagRegistry.UsersOf(table.Tag));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Table, int Tag, int Users) AbandonPlain(int weak) => Abandon(_ => new object(), weak);

    private static void AssertOk(string? problem) => Assert.True(problem is null, problem);

    private static string? Check(Func<HandleTable, object> backRef)
    {
        Gc.Collect();
        Gc.Collect();
        long baseline = Interlocked.Read(ref SlotStore.LiveWeakHandles);
        var (table, tag, users) = Abandon(backRef, weak: 300);
        long afterAdd = Interlocked.Read(ref SlotStore.LiveWeakHandles);

        var deadline = DateTime.UtcNow.AddSeconds(1.2);
        while (DateTime.UtcNow < deadline && (table.IsAlive || Interlocked.Read(ref SlotStore.LiveWeakHandles) > baseline || TagRegistry.UsersOf(tag) >= users))
            Gc.Collect();

        var problems = new List<string>();
        if (table.IsAlive)
            problems.Add("the abandoned table is never reclaimed");
        long live = Interlocked.Read(ref SlotStore.LiveWeakHandles);
        if (live > baseline)
            problems.Add($"weak GC handles: baseline {baseline}, {afterAdd} after the adds, still {live} after many collections");
        if (TagRegistry.UsersOf(tag) >= users)
            problems.Add($"tag {tag} still has {TagRegistry.UsersOf(tag)} users (was {users} while the table lived)");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Control: without a back reference, the abandoned table's weak handles and tag come back.</summary>
    [Fact]
    public void Control_an_abandoned_table_without_a_back_reference_gives_everything_back()
    {
        AssertOk(Check(_ => new object()));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Table, int Tag) DisposeWithBackRef()
    {
        var table = HandleTable.Create();
        for (int i = 0; i < 300; i++)
        {
            var o = new object();
            lock (Kept)
                Kept.Add(o);
            table.Add(o, Hold.Weak).Value();
        }

        table.Add(new BackRef(table)).Value();
        table.Add(new BackRef(table), Hold.Strong, Tether.Ownership.Borrowed).Value();
        table.Dispose();
        return (new WeakReference(table, trackResurrection: true), table.Tag);
    }

    /// <summary>Disposed first: the slots let go of the back references, so this one should hold.</summary>
    [Fact]
    public void A_disposed_table_holding_a_resource_that_refers_to_it_gives_its_weak_handles_back()
    {
        Gc.Collect();
        long baseline = Interlocked.Read(ref SlotStore.LiveWeakHandles);
        var (table, _) = DisposeWithBackRef();
        var deadline = DateTime.UtcNow.AddSeconds(1.2);
        while (DateTime.UtcNow < deadline && (table.IsAlive || Interlocked.Read(ref SlotStore.LiveWeakHandles) > baseline))
            Gc.Collect();
        Assert.False(table.IsAlive);
        Assert.Equal(baseline, Interlocked.Read(ref SlotStore.LiveWeakHandles));
    }

    [Fact]
    public void An_abandoned_table_holding_a_resource_that_refers_to_it_gives_its_weak_handles_and_tag_back()
    {
        AssertOk(Check(t => new BackRef(t)));
    }

    [Fact]
    public void An_abandoned_table_holding_itself_gives_its_weak_handles_and_tag_back()
    {
        AssertOk(Check(t => t));
    }

    [Fact]
    public void An_abandoned_table_holding_one_of_its_scopes_gives_its_weak_handles_and_tag_back()
    {
        AssertOk(Check(t => new ScopeRef(t.OpenScope())));
    }
}
