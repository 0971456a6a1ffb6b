using System;
using System.Collections.Generic;
using System.Text;

namespace Tether;

/// <summary>Strong handles of one resource type that are still alive.</summary>
/// <param name="Type">The type the resources were added as.</param>
/// <param name="Count">How many strong handles of that type are alive.</param>
/// <param name="OldestAge">The age of the oldest, when the table tracks ages.</param>
/// <param name="Stacks">Where they were created, when the table tracks stacks (at most ten).</param>
public sealed record LeakEntry(Type Type, int Count, TimeSpan? OldestAge, IReadOnlyList<string> Stacks)
{
    /// <summary>The type the resources were added as (<see cref="object"/> when none was given).</summary>
    public Type Type { get; init => field = value ?? typeof(object); } = Type ?? typeof(object);

    /// <summary>Where they were created, when the table tracks stacks (at most ten); never null.</summary>
    public IReadOnlyList<string> Stacks { get; init => field = value ?? []; } = Stacks ?? [];

    /// <summary>The entry as a record prints it, the age in seconds: <c>LeakEntry { Type = Canvas, Count = 2, OldestAge = 1.5 s, Stacks = 0 }</c>.</summary>
    /// <remarks>Written out, with no LINQ and no culture: either would link megabytes into a NativeAOT library that uses Tether.Native.</remarks>
    public override string ToString() =>
        "LeakEntry { Type = " + Type.Name + ", Count = " + Text.Of(Count) + ", OldestAge = "
        + (OldestAge is { } age ? Text.Seconds(age) + " s" : "") + ", Stacks = " + Text.Of(Stacks.Count) + " }";
}

/// <summary>The strong handles a table or scope still holds, by type, most numerous first.</summary>
/// <param name="Entries">One entry per resource type.</param>
public sealed record LeakReport(IReadOnlyList<LeakEntry> Entries)
{
    /// <summary>One entry per resource type; never null (null entries given are left out).</summary>
    public IReadOnlyList<LeakEntry> Entries { get; init => field = NonNull(value); } = NonNull(Entries);

    /// <summary>How many strong handles are alive in all.</summary>
    public int Total
    {
        get
        {
            int total = 0;
            foreach (var entry in Entries)
                total = checked(total + entry.Count);
            return total;
        }
    }

    /// <summary>Whether nothing is held.</summary>
    public bool IsEmpty => Entries.Count == 0;

    /// <summary>One line per type: count, type and oldest age.</summary>
    /// <remarks>Written out, with no LINQ and no culture: either would link megabytes into a NativeAOT library that uses Tether.Native.</remarks>
    public override string ToString()
    {
        if (IsEmpty)
            return "no strong handles alive";
        var text = new StringBuilder();
        foreach (var entry in Entries)
        {
            if (text.Length > 0)
                text.Append(Environment.NewLine);
            text.Append(Text.Of(entry.Count)).Append(" x ").Append(entry.Type.Name);
            if (entry.OldestAge is { } age)
                text.Append(", oldest ").Append(Text.Seconds(age)).Append(" s");
        }

        return text.ToString();
    }

    private static LeakEntry[] NonNull(IReadOnlyList<LeakEntry>? entries)
    {
        if (entries is null)
            return [];
        // Not presized from Count: it is the caller's word (a list may report -1, or billions), the entries are what it enumerates.
        var kept = new List<LeakEntry>();
        foreach (var entry in entries)
        {
            if (entry is not null)
                kept.Add(entry);
        }

        return kept.ToArray();
    }
}
