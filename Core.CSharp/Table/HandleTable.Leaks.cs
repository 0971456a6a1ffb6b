using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Contracts;

namespace Tether;

// Leak reports: the strong handles still alive, read from the slot table without its lock.
public sealed partial class HandleTable
{
    /// <summary>The strong handles still alive, by type and (when the table tracks them) age.</summary>
    [Pure]
    public LeakReport LeakReport() => BuildLeakReport(scope: null);

    internal LeakReport ScopeLeakReport(HandleScope scope) => BuildLeakReport(scope);

    /// <summary>Groups the strong handles of the table, or of a scope and its children, by type.</summary>
    private LeakReport BuildLeakReport(HandleScope? scope)
    {
        var byType = new Dictionary<int, (int Count, long Oldest, List<string> Stacks)>();
        long now = Stopwatch.GetTimestamp();

        void Count(long raw, int typeId)
        {
            var entry = byType.TryGetValue(typeId, out var found) ? found : (Count: 0, Oldest: long.MaxValue, Stacks: new List<string>());
            entry.Count++;
            if (_leaks is not null && _leaks.TryGet(raw, out var info))
            {
                entry.Oldest = Math.Min(entry.Oldest, info.Timestamp);
                if (info.Stack is { } stack && entry.Stacks.Count < 10)
                    entry.Stacks.Add(stack);
            }

            byType[typeId] = entry;
        }

        if (scope is null)
        {
            _slots.ForEachStrong(Count);
        }
        else
        {
            foreach (var raw in Scopes.MembersDeep(scope))
            {
                if (_slots.IsStrong(raw, out int typeId))
                    Count(raw, typeId);
            }
        }

        var entries = new List<LeakEntry>(byType.Count);
        foreach (var (typeId, (count, oldest, stacks)) in byType)
        {
            // Stryker disable once Logical : with tracking off there is no leak book, so oldest is always long.MaxValue: the first test implies the second
            TimeSpan? age = _leakTracking == LeakTracking.Off || oldest == long.MaxValue
                ? null
                : Stopwatch.GetElapsedTime(oldest, now);
            entries.Add(new LeakEntry(TypeKey.TypeOf(typeId), count, age, stacks));
        }

        entries.Sort((a, b) => b.Count.CompareTo(a.Count));
        return new LeakReport(entries);
    }

    private void Report(LeakReport leaks)
    {
        try
        {
            _onLeaks?.Invoke(leaks);
        }
        catch (Exception)
        {
            // A reporting callback must not turn disposal into a throw.
        }
    }
}
