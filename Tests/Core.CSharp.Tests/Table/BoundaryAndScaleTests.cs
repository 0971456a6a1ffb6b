#pragma warning disable xUnit1031 // bounded waits on purpose: every test must stop by itself
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class BoundaryAndScaleTests
{
    /// <summary>
    /// Promise: no public member returns null or throws for any input. LeakEntry and LeakReport guard their
    /// constructor arguments but their init accessors (reachable with a `with` expression) store null as is.
    /// </summary>
    [Fact]
    public void A_LeakReport_or_LeakEntry_changed_with_nulls_neither_throws_nor_exposes_null()
    {
        var entry = new LeakEntry(typeof(string), 1, null, []) with { Type = null!, Stacks = null! };
        var report = new LeakReport([entry]);
        var emptied = report with { Entries = null! };

        var problems = new List<string>();
        if (entry.Type is null)
            problems.Add("LeakEntry.Type is null");
        if (entry.Stacks is null)
            problems.Add("LeakEntry.Stacks is null");
        if (emptied.Entries is null)
            problems.Add("LeakReport.Entries is null");
        Try(() => report.ToString(), "LeakReport.ToString()");
        Try(() => emptied.Total, "LeakReport.Total");
        Try(() => emptied.IsEmpty, "LeakReport.IsEmpty");
        Assert.True(problems.Count == 0, string.Join("; ", problems));

        void Try<T>(Func<T> f, string what)
        {
            try
            {
                f();
            }
            catch (Exception e)
            {
                problems.Add($"{what} threw {e.GetType().Name}");
            }
        }
    }

    /// <summary>
    /// DisposeFailed's documented equality: "Equal when the same exceptions failed for the same handles".
    /// Two combined errors of the very same failures are not equal: each Combine wraps them in a new
    /// AggregateException, and equality compares Thrown by reference.
    /// </summary>
    [Fact]
    public void Two_combined_DisposeFailed_errors_of_the_same_failures_are_equal()
    {
        var boom = new InvalidOperationException("boom");
        var bang = new InvalidOperationException("bang");
        var failures = new[] { new HandleError.DisposeFailed(1L << 45, boom), new HandleError.DisposeFailed((1L << 45) + 1, bang) };

        var first = HandleError.DisposeFailed.Combine(failures);
        var second = HandleError.DisposeFailed.Combine(failures);

        Assert.Equal(first.Handles, second.Handles);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(first, second);
    }

    /// <summary>
    /// Handles is exposed as the very array equality and hashing read: a caller who casts it can rewrite an
    /// error after the fact (its Raw and Message then disagree with Handles).
    /// </summary>
    [Fact]
    public void A_DisposeFailed_cannot_be_changed_through_its_Handles()
    {
        var failed = new HandleError.DisposeFailed(1L << 45, new InvalidOperationException("x"));
        if (failed.Handles is long[] array)
            array[0] = 42;
        Assert.Equal(1L << 45, failed.Handles[0]);
    }

    /// <summary>
    /// Scopes as lifetimes per request: many open at once, closed roughly in the order they were opened.
    /// Each Close removes the scope from a List (roots or the parent's children): linear in the number of
    /// open siblings, so closing N siblings is quadratic. 100,000 sibling scopes (one per in-flight request
    /// of a busy host) should close in well under 3 s.
    /// </summary>
    [Fact]
    public void Closing_a_hundred_thousand_sibling_scopes_in_opening_order_is_linear_not_quadratic()
    {
        using var table = Fresh.Table();
        const int count = 100_000;
        var scopes = new HandleScope[count];
        for (int i = 0; i < count; i++)
            scopes[i] = table.OpenScope();

        // The clock starts when the closing thread does (a loaded machine may start it late); a close that scans
        // its siblings is quadratic and takes minutes here, so a generous bound still tells them apart.
        var limit = TimeSpan.FromSeconds(20);
        Stopwatch? watch = null;
        int closed = 0;
        TimeSpan firstHalf = default;
        var closing = Task.Run(() =>
        {
            watch = Stopwatch.StartNew();
            for (int i = 0; i < count && watch.Elapsed < limit; i++)
            {
                scopes[i].Close();
                closed = i + 1;
                if (closed == count / 2)
                    firstHalf = watch.Elapsed;
            }
        });
        Assert.True(closing.Wait(TimeSpan.FromMinutes(2)), "did not finish");
        Assert.True(
            closed == count && watch!.Elapsed < limit,
            $"closed {closed} of {count} sibling scopes in {watch!.Elapsed.TotalSeconds:0.00} s (the first half took {firstHalf.TotalSeconds:0.00} s)");
        Assert.True(scopes.All(s => s.IsDisposed));
    }

    /// <summary>Nested 100,000 deep (the brief asks): opening, adding at the bottom, closing from the top.</summary>
    [Fact]
    public void A_hundred_thousand_nested_scopes_close_from_the_outermost_and_end_every_handle()
    {
        using var table = Fresh.Table();
        var result = Task.Run(() =>
        {
            var outer = table.OpenScope();
            var scope = outer;
            var handles = new List<Handle<string>>();
            for (int i = 0; i < 100_000; i++)
            {
                scope = scope.OpenScope();
                if (i % 1000 == 0)
                    handles.Add(scope.Add("x" + i).Value());
            }

            outer.Close();
            return (handles, scope);
        });
        Assert.True(result.Wait(TimeSpan.FromSeconds(3)), "hang");
        var (hs, innermost) = result.Result;
        Assert.True(innermost.IsDisposed);
        Assert.All(hs, h => Assert.Equal(HandleState.Dropped, table.State(h)));
        Assert.Equal(0, table.Counts.Live);
    }

    /// <summary>`default(Handle&lt;T&gt;)` before and after Dispose: every member answers, nothing throws.</summary>
    [Fact]
    public void Default_handles_are_answered_by_every_member_before_and_after_dispose()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, NotifyCollected = true, LeakTracking = LeakTracking.AgesAndStacks }).Value();
        var scope = table.OpenScope();
        for (int pass = 0; pass < 2; pass++)
        {
            Handle<string> d = default;
            Assert.True(table.Get(d).IsFail);
            Assert.True(table.TryGet(d).IsNone);
            Assert.Equal(HandleState.Unknown, table.State(d));
            Assert.True(table.HoldOf(d).IsFail);
            Assert.True(table.Drop(d).IsFail);
            Assert.True(table.Take(d).IsFail);
            Assert.True(table.Loosen(d).IsFail);
            Assert.True(table.Tighten(d).IsFail);
            Assert.True(table.ToCompact(d).IsFail);
            Assert.True(table.DropAsync(d).AsTask().Result.IsFail);
            Assert.True(scope.Promote(d).IsFail);
            Assert.False(scope.Contains(0));
            Assert.True(table.ResolveCompact<string>(0).IsFail);
            Assert.True(table.ExpandCompact(int.MinValue).IsFail);
            Assert.True(table.Check(long.MinValue).IsFail);
            Assert.NotNull(table.LeakReport());
            Assert.NotNull(scope.LeakReport());
            table.Dispose();
        }
    }
}

public class CountsTests
{
    /// <summary>Counts when quiescent after retirement, tombstones and disposal: exact, and Free means what adds can get.</summary>
    [Fact]
    public void Counts_are_exact_when_quiescent_after_retirement_and_after_dispose()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 4, MaxGenerationOverride = 3 }).Value();
        for (int i = 0; i < 3; i++)
            table.Drop(table.Add("x").Value()).Value(); // slot 0 retires after generation 3
        var strong = table.Add("s").Value();
        var weak = Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();
        var counts = table.Counts;
        Assert.Equal(new TableCounts(1, 0, 1, 2, 1), counts);
        table.Dispose();
        var after = table.Counts;
        Assert.Equal(0, after.Live);
        Assert.True(table.Add("late").IsFail);
        Assert.True(after.Free == 0, $"after Dispose, Counts.Free = {after.Free} although no add can succeed");
        GC.KeepAlive(strong);
        GC.KeepAlive(weak);
    }
}
