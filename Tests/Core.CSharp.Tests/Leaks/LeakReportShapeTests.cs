using System;
using System.Collections.Generic;
using System.Linq;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Leaks;

/// <summary>The report records themselves, and what a table's or scope's report holds.</summary>
public class LeakReportShapeTests
{
    private static readonly LeakEntry Two = new(typeof(Resource), 2, null, []);

    [Fact]
    public void An_empty_report_says_that_no_strong_handles_are_alive()
    {
        Assert.Equal("no strong handles alive", new LeakReport([]).ToString());
        Assert.Equal("no strong handles alive", HandleTable.Create().LeakReport().ToString());
    }

    [Fact]
    public void A_report_line_gives_the_oldest_age_in_seconds_when_it_is_known()
    {
        var report = new LeakReport([new LeakEntry(typeof(Resource), 3, TimeSpan.FromMilliseconds(1500), [])]);

        Assert.Equal("3 x Resource, oldest 1.5 s", report.ToString());
    }

    [Fact]
    public void A_report_of_several_types_gives_a_line_each_and_counts_them_all()
    {
        var report = new LeakReport([new LeakEntry(typeof(Resource), 3, TimeSpan.FromMilliseconds(1), ["at A"]), Two]);

        Assert.Equal("3 x Resource, oldest 0.001 s" + Environment.NewLine + "2 x Resource", report.ToString());
        Assert.Equal(5, report.Total);
    }

    [Fact]
    public void An_entry_prints_as_a_record_with_its_age_in_seconds_and_its_stack_count()
    {
        Assert.Equal("LeakEntry { Type = Resource, Count = 2, OldestAge = , Stacks = 0 }", Two.ToString());
        Assert.Equal("LeakEntry { Type = Resource, Count = 3, OldestAge = 1.5 s, Stacks = 1 }",
            new LeakEntry(typeof(Resource), 3, TimeSpan.FromMilliseconds(1500), ["at A"]).ToString());
    }

    [Fact]
    public void Entries_set_with_with_leave_out_null_entries_and_treat_null_as_none()
    {
        var report = new LeakReport([]) with { Entries = [null!, Two] };

        Assert.Equal([Two], report.Entries);
        Assert.Empty((report with { Entries = null! }).Entries);
    }

    [Fact]
    public void A_report_keeps_the_entries_of_a_list_whose_Count_is_wrong()
    {
        // Entries is any IReadOnlyList: its Count is the caller's word, and the entries are what it enumerates.
        Assert.Equal([Two], new LeakReport(new MiscountedList([Two], count: -1)).Entries);
        Assert.Equal([Two], new LeakReport(new MiscountedList([Two], count: int.MaxValue)).Entries);
        Assert.Equal([Two], (new LeakReport([]) with { Entries = new MiscountedList([null!, Two], count: -7) }).Entries);
    }

    private sealed class MiscountedList(LeakEntry[] items, int count) : IReadOnlyList<LeakEntry>
    {
        public int Count => count;

        public LeakEntry this[int index] => items[index];

        public IEnumerator<LeakEntry> GetEnumerator() => ((IEnumerable<LeakEntry>)items).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void An_entry_changed_with_with_keeps_the_type_and_stacks_given_and_falls_back_for_null()
    {
        var entry = Two with { Type = typeof(OtherResource), Stacks = ["at Somewhere()"] };

        Assert.Equal(typeof(OtherResource), entry.Type);
        Assert.Equal(["at Somewhere()"], entry.Stacks);
        Assert.Equal(typeof(object), (entry with { Type = null! }).Type);
        Assert.Empty((entry with { Stacks = null! }).Stacks);
    }

    [Fact]
    public void The_most_numerous_type_comes_first_whatever_the_order_of_adding()
    {
        using var table = HandleTable.Create();
        table.Add(new OtherResource()).Value();
        table.Add(new Resource(1)).Value();
        table.Add(new Resource(2)).Value();

        var entries = table.LeakReport().Entries;

        Assert.Equal([typeof(Resource), typeof(OtherResource)], entries.Select(e => e.Type));
        Assert.Equal([2, 1], entries.Select(e => e.Count));
    }

    [Fact]
    public void A_report_keeps_at_most_ten_stacks_per_type()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { LeakTracking = LeakTracking.AgesAndStacks }).Value();
        for (int i = 0; i < 12; i++)
            table.Add(new Resource(i)).Value();

        var entry = Assert.Single(table.LeakReport().Entries);

        Assert.Equal(12, entry.Count);
        Assert.Equal(10, entry.Stacks.Count);
    }

    [Fact]
    public void Tracking_ages_only_gives_ages_and_no_stacks()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { LeakTracking = LeakTracking.Ages }).Value();
        table.Add(new Resource(1)).Value();

        var entry = Assert.Single(table.LeakReport().Entries);

        Assert.NotNull(entry.OldestAge);
        Assert.Empty(entry.Stacks);
    }

    [Fact]
    public void A_scope_report_counts_only_the_strong_handles_of_the_scope_and_its_children()
    {
        using var table = HandleTable.Create();
        table.Add(new Resource(0)).Value();
        var scope = table.OpenScope();
        var child = scope.OpenScope();
        var weak = new Resource(2);
        scope.Add(new Resource(1)).Value();
        scope.Add(weak, Hold.Weak).Value();
        child.Add(new OtherResource()).Value();
        child.Add(new OtherResource()).Value();

        var report = scope.LeakReport();

        Assert.Equal([typeof(OtherResource), typeof(Resource)], report.Entries.Select(e => e.Type));
        Assert.Equal([2, 1], report.Entries.Select(e => e.Count));
        Assert.Equal(2, Assert.Single(child.LeakReport().Entries).Count);
        GC.KeepAlive(weak);
    }

    [Fact]
    public void The_leak_book_forgets_a_handle_and_clears_everything()
    {
        var book = new LeakBook();
        book.Record(1, new LeakInfo(10, null));
        book.Record(2, new LeakInfo(20, "stack"));

        book.Forget(1);

        Assert.False(book.TryGet(1, out _));
        Assert.True(book.TryGet(2, out var kept));
        Assert.Equal(new LeakInfo(20, "stack"), kept);

        book.Clear();

        Assert.False(book.TryGet(2, out _));
    }
}

/// <summary>Leak tracking remembers a handle only while it lives: its memory does not grow with ended handles.</summary>
public class LeakTrackingMemoryTests
{
    [Fact]
    public void Every_way_a_handle_ends_forgets_its_creation()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { LeakTracking = LeakTracking.AgesAndStacks }).Value();
        var dropped = table.Add(new Resource(1)).Value();
        var taken = table.Add(new Resource(2)).Value();
        var scope = table.OpenScope();
        scope.Add(new Resource(3)).Value();
        table.Add(new Resource(4)).Value();
        Assert.Equal(4, table.TrackedCount);

        table.Drop(dropped).Value();
        table.Take(taken).Value();
        scope.Close().Value();
        Assert.Equal(1, table.TrackedCount);

        table.Dispose();
        Assert.Equal(0, table.TrackedCount);
    }
}
