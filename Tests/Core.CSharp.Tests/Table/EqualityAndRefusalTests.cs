using System;
using System.Collections.Generic;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class EqualityAndRefusalTests
{
    [Fact]
    public void Counts_Free_is_zero_after_Dispose_and_nothing_throws()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 8 }).Value();
        table.Add(new object(), Hold.Weak).Value();
        table.Add(new CountingDisposable(), Hold.Strong, Tether.Ownership.Owned).Value();
        table.Dispose();
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0), table.Counts);
    }

    /// <summary>
    /// LeakEntry's Type is now a 'field'-backed getter that maps a null field to typeof(object); record equality
    /// compares the backing fields, so two entries whose every property reads the same are unequal (before the
    /// commit the constructor normalized the value, and they were equal).
    /// </summary>
    [Fact]
    public void LeakEntries_that_read_the_same_are_equal()
    {
        IReadOnlyList<string> stacks = ["at X"];
        var a = new LeakEntry(null!, 1, null, stacks);
        var b = new LeakEntry(typeof(object), 1, null, stacks);
        Assert.Equal(b.Type, a.Type);
        Assert.Equal(b, a);
        Assert.Equal(b.GetHashCode(), a.GetHashCode());
    }

    [Fact]
    public void DisposeFailed_equality_is_consistent_with_its_hash()
    {
        var e1 = new InvalidOperationException("a");
        var e2 = new InvalidOperationException("b");
        var x = new HandleError.DisposeFailed(5, new AggregateException(e1, e2));
        var y = new HandleError.DisposeFailed(5, new AggregateException(e1, e2));
        var z = new HandleError.DisposeFailed(5, new AggregateException(e2, e1));
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.NotEqual(x, z);
        Assert.True(x.Equals((object)y));
        Assert.False(x.Equals(null));
        Assert.Equal(x, x with { });
    }

    /// <summary>Promise: Loosen never weakens an owned handle, by typed handle or raw value.</summary>
    [Fact]
    public void Loosen_of_an_owned_handle_fails_by_handle_and_by_raw()
    {
        using var table = Fresh.Table();
        var r = new CountingDisposable();
        var h = table.Add(r, Hold.Strong, Tether.Ownership.Owned).Value();
        Assert.True(table.Loosen(h).IsFail);
        Assert.True(table.Loosen(h.Raw).IsFail);
        Assert.Equal(Hold.Strong, table.HoldOf(h).Value());
        table.Tighten(h).Value();
        Assert.Equal(r, table.Take(h).Value());
        table.Dispose();
        Assert.Equal(0, r.Disposed);
    }

    /// <summary>A failed (table full) owned add is not reserved: the same object can be owned after.</summary>
    [Fact]
    public void A_full_table_add_does_not_reserve_and_a_disposed_table_add_does_not_dispose()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 1 }).Value();
        var first = table.Add(new object()).Value();
        var r = new CountingDisposable();
        Assert.IsType<HandleError.TableFull>(table.Add(r, Hold.Strong, Tether.Ownership.Owned).Error());
        table.Drop(first).Value();
        table.Add(r, Hold.Strong, Tether.Ownership.Owned).Value();
        var other = new CountingDisposable();
        table.Dispose();
        Assert.Equal(1, r.Disposed);
        Assert.IsType<HandleError.Disposed>(table.Add(other, Hold.Strong, Tether.Ownership.Owned).Error());
        Assert.Equal(0, other.Disposed);
    }
}
