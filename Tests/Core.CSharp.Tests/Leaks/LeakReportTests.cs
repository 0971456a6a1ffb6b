using System;
using System.Collections.Generic;
using System.Linq;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Leaks;

public class LeakReportTests
{
    [Fact]
    public void A_report_counts_the_strong_handles_alive_by_type_most_first()
    {
        using var table = HandleTable.Create();
        table.Add(new Resource(1)).Value();
        table.Add(new Resource(2)).Value();
        table.Add(new OtherResource()).Value();
        table.Add(new Resource(3), Hold.Weak).Value();
        var dropped = table.Add(new Resource(4)).Value();
        table.Drop(dropped).Value();

        var report = table.LeakReport();

        Assert.Equal(
            [new LeakEntry(typeof(Resource), 2, null, []), new LeakEntry(typeof(OtherResource), 1, null, [])],
            report.Entries.Select(e => e with { Stacks = [] }),
            new LeakEntryComparer());
        Assert.Equal(3, report.Total);
        Assert.Equal("2 x Resource\n1 x OtherResource".Replace("\n", Environment.NewLine), report.ToString());
    }

    [Fact]
    public void With_ages_tracked_a_report_gives_the_oldest_age_and_with_stacks_where_it_was_made()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { LeakTracking = LeakTracking.AgesAndStacks }).Value();
        table.Add(new Resource(1)).Value();
        System.Threading.Thread.Sleep(20);

        var entry = Assert.Single(table.LeakReport().Entries);

        Assert.True(entry.OldestAge >= TimeSpan.FromMilliseconds(20), $"age {entry.OldestAge}");
        Assert.Contains(nameof(With_ages_tracked_a_report_gives_the_oldest_age_and_with_stacks_where_it_was_made), Assert.Single(entry.Stacks));
    }

    [Fact]
    public void Disposing_a_table_with_strong_handles_alive_reports_them_and_closing_a_scope_does_not()
    {
        var reports = new List<LeakReport>();
        var table = HandleTable.TryCreate(new HandleTableOptions { OnLeaks = reports.Add, LeakTracking = LeakTracking.Ages }).Value();
        var scope = table.OpenScope();
        scope.Add(new OtherResource()).Value();
        scope.Add(new Resource(1), Hold.Weak).Value();
        var empty = table.OpenScope();
        table.Add(new Resource(2)).Value();

        Assert.Equal(1, scope.LeakReport().Total);
        scope.Dispose();
        empty.Dispose();
        table.Dispose();

        // Ending its handles is what a scope is for: only the table's disposal reports.
        var report = Assert.Single(reports);
        Assert.Equal(typeof(Resource), Assert.Single(report.Entries).Type);
        Assert.NotNull(report.Entries[0].OldestAge);
    }

    [Fact]
    public void A_throwing_leak_callback_does_not_make_dispose_throw()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { OnLeaks = _ => throw new InvalidOperationException() }).Value();
        table.Add(new Resource(1)).Value();
        table.Dispose();
        Assert.True(table.IsDisposed);
    }

    private sealed class LeakEntryComparer : IEqualityComparer<LeakEntry>
    {
        public bool Equals(LeakEntry? x, LeakEntry? y) =>
            x is not null && y is not null && x.Type == y.Type && x.Count == y.Count && x.OldestAge == y.OldestAge && x.Stacks.SequenceEqual(y.Stacks);

        public int GetHashCode(LeakEntry obj) => obj.Type.GetHashCode();
    }
}
