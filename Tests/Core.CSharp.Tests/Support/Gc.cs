using System;
using System.Runtime.CompilerServices;

namespace Tether.Tests.Support;

/// <summary>Forces a real, full collection; weak targets with no other root die.</summary>
internal static class Gc
{
    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Adds a resource that nothing but the table refers to. Not inlined, so no local keeps it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Handle<Resource> AddUnrooted(HandleTable table, Hold hold, int id = 0) =>
        table.Add(new Resource(id), hold).Match(h => h, e => throw new InvalidOperationException(e.Message));

    /// <summary>As <see cref="AddUnrooted"/>, for races with Dispose: the raw value, or 0 when the add failed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long AddUnrootedOrNone(HandleTable table, Hold hold, int id = 0) =>
        table.Add(new Resource(id), hold).Map(h => h.Raw).IfFail(0);
}
