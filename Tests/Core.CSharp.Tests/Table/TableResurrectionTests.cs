using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>Holds a table, and brings it back from its finalizer (the table itself is never disposed).</summary>
public sealed class TableHolder(HandleTable table)
{
    public static volatile TableHolder? Risen;

    public HandleTable Table { get; } = table;

    ~TableHolder() => Risen = this;
}

public class TableResurrectionTests
{
    private static readonly object KeptAlive = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Tag, long Strong, long Weak) MakeHolder()
    {
        var table = HandleTable.Create();
        var strong = table.Add("strong").Value();
        var weak = table.Add(KeptAlive, Hold.Weak).Value();
        _ = new TableHolder(table);
        return (table.Tag, strong.Raw, weak.Raw);
    }

    /// <summary>
    /// Promises: tags are distinct among live tables (at most 255); nothing the table holds is let go of
    /// while it lives. The TagLease and the SlotStore have finalizers that assume the table is gone when
    /// they run; a table reachable from a finalizable object comes back after them: it is live and usable,
    /// but its tag is back in the registry (a new table gets it) and its weak GC handles were freed (its weak
    /// handles to a living resource answer Collected).
    /// </summary>
    [Fact]
    public void A_table_resurrected_by_a_finalizer_keeps_its_tag_and_its_weak_handles()
    {
        TableHolder.Risen = null;
        var (tag, strongRaw, weakRaw) = MakeHolder();
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (TableHolder.Risen is null && DateTime.UtcNow < deadline)
            Gc.Collect();
        var table = Assert.IsType<TableHolder>(TableHolder.Risen).Table;
        Assert.False(table.IsDisposed);
        Assert.Equal(HandleState.Alive, table.State(strongRaw)); // the table lives and works
        // (This runs alone among finalizer tricks: the slot store and the tag lease wait while a finalizer
        // may still bring their table back, then free on the collection after.)

        var problems = new List<string>();
        if (TagRegistry.UsersOf(tag) == 0)
            problems.Add($"tag {tag} is free in the registry while its table is alive");

        var weak = table.Get(table.Resolve<object>(weakRaw).Value());
        if (weak.IsFail)
            problems.Add($"a weak handle to a living resource answers {weak.Error().GetType().Name}");

        // While it lives, a new table does not get its tag (unless all 255 are taken, which is documented).
        var other = HandleTable.Create();
        if (other.Tag == tag && TagRegistry.UsersOf(tag) == 2 && FreeTags() > 0)
            problems.Add($"a second live table got tag {tag} while other tags were free");
        other.Dispose();
        table.Dispose();
        TableHolder.Risen = null;

        GC.KeepAlive(KeptAlive);
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    private static int FreeTags()
    {
        int free = 0;
        for (int t = 1; t <= 255; t++)
        {
            if (TagRegistry.UsersOf(t) == 0)
                free++;
        }

        return free;
    }
}
