using System;
using System.Collections.Generic;
using System.Linq;

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
}

/// <summary>The strong handles a table or scope still holds, by type, most numerous first.</summary>
/// <param name="Entries">One entry per resource type.</param>
public sealed record LeakReport(IReadOnlyList<LeakEntry> Entries)
{
    /// <summary>One entry per resource type; never null (null entries given are left out).</summary>
    public IReadOnlyList<LeakEntry> Entries { get; init => field = value?.Where(e => e is not null).ToArray() ?? []; } = Entries?.Where(e => e is not null).ToArray() ?? [];

    /// <summary>How many strong handles are alive in all.</summary>
    public int Total => Entries.Sum(e => e.Count);

    /// <summary>Whether nothing is held.</summary>
    public bool IsEmpty => Entries.Count == 0;

    /// <summary>One line per type: count, type and oldest age.</summary>
    public override string ToString() =>
        IsEmpty
            ? "no strong handles alive"
            : string.Join(Environment.NewLine, Entries.Select(e =>
                $"{e.Count} x {e.Type.Name}{(e.OldestAge is { } age ? $", oldest {age.TotalSeconds:0.###} s" : "")}"));
}
