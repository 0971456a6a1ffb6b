using System.Collections.Generic;
using System.Linq;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// While at most 255 tables are alive at once, no two of them share a tag, however many tables
/// were created and disposed before: each answers <see cref="HandleError.WrongTable"/> for the others' handles.
/// </summary>
// Other tests create tables concurrently, which would take tags from under this one: it runs alone.
[Collection(nameof(TagRegistryTests))]
[CollectionDefinition(nameof(TagRegistryTests), DisableParallelization = true)]
public class TagRegistryTests
{
    private const int Alive = 200;

    private sealed record Live(HandleTable Table, long Raw);

    private static Live Create(int id)
    {
        var table = HandleTable.Create();
        return new Live(table, table.Add(new Resource(id)).Value().Raw);
    }

    private static void AssertDistinct(IReadOnlyList<Live> tables)
    {
        var failures = new List<string>();
        foreach (var owner in tables)
        {
            foreach (var other in tables)
            {
                if (ReferenceEquals(owner, other))
                    continue;
                var answer = other.Table.Resolve<Resource>(owner.Raw);
                if (answer.IsSucc || answer.Error().Code != HandleErrorCode.WrongTable)
                    failures.Add($"{owner.Raw} answered {(answer.IsSucc ? "alive" : answer.Error().GetType().Name)} by another table");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} handles were not WrongTable elsewhere, e.g. {failures.FirstOrDefault()}");
    }

    [Fact]
    public void Two_hundred_live_tables_tell_each_others_handles_apart()
    {
        var tables = Enumerable.Range(0, Alive).Select(Create).ToList();
        try
        {
            AssertDistinct(tables);
        }
        finally
        {
            tables.ForEach(t => t.Table.Dispose());
        }
    }

    [Fact]
    public void A_table_created_after_others_were_disposed_is_distinct_from_every_live_one()
    {
        var tables = Enumerable.Range(0, Alive).Select(Create).ToList();
        try
        {
            // Dispose one, create one, again and again: more tables than there are tags, never more than 200
            // alive, and 199 of them alive throughout.
            for (int round = 0; round < 300; round++)
            {
                tables[0].Table.Dispose();
                tables[0] = Create(Alive + round);
                var fresh = tables[0];
                foreach (var other in tables.Where(t => !ReferenceEquals(t, fresh)))
                {
                    var theirs = fresh.Table.Resolve<Resource>(other.Raw);
                    var ours = other.Table.Resolve<Resource>(fresh.Raw);
                    Assert.True(theirs.IsFail && theirs.Error().Code == HandleErrorCode.WrongTable,
                        $"round {round}: the new table answered {(theirs.IsSucc ? "alive" : theirs.Error().GetType().Name)} for a live table's handle");
                    Assert.True(ours.IsFail && ours.Error().Code == HandleErrorCode.WrongTable,
                        $"round {round}: a live table answered {(ours.IsSucc ? "alive" : ours.Error().GetType().Name)} for the new table's handle");
                }
            }

            AssertDistinct(tables);
        }
        finally
        {
            tables.ForEach(t => t.Table.Dispose());
        }
    }
}
