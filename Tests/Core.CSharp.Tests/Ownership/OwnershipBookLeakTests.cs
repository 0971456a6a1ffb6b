using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Ownership;

/// <summary>The ownership book lets go of an object as soon as its owning handle ended, however it ended.</summary>
public class OwnershipBookLeakTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AddOwned(HandleTable table, Action<HandleTable, Handle<CountingDisposable>> end)
    {
        var r = new CountingDisposable();
        var h = table.Add(r, Hold.Strong, Tether.Ownership.Owned).Value();
        end(table, h);
        return new WeakReference(r);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AddOwnedInScope(HandleTable table)
    {
        var scope = table.OpenScope();
        var r = new CountingDisposable();
        scope.Add(r, Hold.Strong, Tether.Ownership.Owned).Value();
        scope.Close();
        return new WeakReference(r);
    }

    private static void AssertGone(HandleTable table, WeakReference w, string how)
    {
        for (int i = 0; i < 3 && w.IsAlive; i++)
            Gc.Collect();
        Assert.False(w.IsAlive, $"{how}: the table still keeps an owned object whose handle ended");
        GC.KeepAlive(table);
    }

    [Fact]
    public void Drop_take_scope_close_and_dispose_let_go_of_owned_objects()
    {
        var table = HandleTable.Create();
        AssertGone(table, AddOwned(table, (t, h) => t.Drop(h).Value()), "Drop");
        AssertGone(table, AddOwned(table, (t, h) => t.Take(h).Value()), "Take");
        AssertGone(table, AddOwned(table, (t, h) => t.Drop(h.Raw).Value()), "Drop(raw)");
        AssertGone(table, AddOwnedInScope(table), "scope close");
        var beforeDispose = AddOwned(table, (_, _) => { });
        table.Dispose();
        AssertGone(table, beforeDispose, "Dispose");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> RacedScopeAdds(HandleTable table, double seconds, int want)
    {
        var refs = new List<WeakReference>();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var rng = new Random(3);
        while (DateTime.UtcNow < deadline && refs.Count < want)
        {
            var scope = table.OpenScope();
            var resource = new CountingDisposable();
            using var go = new ManualResetEventSlim();
            int spin = rng.Next(0, 6000);
            var closer = new Thread(() =>
            {
                go.Wait();
                Thread.SpinWait(spin);
                scope.Close();
            }) { IsBackground = true };
            closer.Start();
            go.Set();
            var result = scope.Add(resource, Hold.Strong, Tether.Ownership.Owned);
            closer.Join(1000);
            if (result.IsSucc && table.State(result.Value().Raw) == HandleState.Dropped)
                refs.Add(new WeakReference(resource));
        }

        return refs;
    }

    [Fact]
    public void An_owned_add_whose_scope_closed_concurrently_lets_go_of_its_object()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { LeakTracking = LeakTracking.AgesAndStacks }).Value();
        var refs = RacedScopeAdds(table, 2, 10);
        Gc.Collect();
        Gc.Collect();
        int alive = refs.FindAll(w => w.IsAlive).Count;
        Assert.True(alive == 0, $"{alive} of {refs.Count} raced owned adds are still kept");
        GC.KeepAlive(table);
        table.Dispose();
    }
}
