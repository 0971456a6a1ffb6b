using System;
using System.Collections.Generic;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>A fact that runs only when TETHER_LONG=1: minutes of one thread's churn, too long for CI.</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TETHER_LONG") != "1")
            Skip = "long: set TETHER_LONG=1 to run";
    }
}

/// <summary>A Compact32 table driven past 2^31 issuances: adds keep succeeding, and no ended value comes back early.</summary>
public class ValueLifetimeLongTests
{
    // The budget the docs state for Compact32 churned one handle at a time: (2^20 - 1 - 1) slots x 2,046 values.
    private const long Budget = 1L << 30;

    [LongFact]
    public void A_compact_table_past_two_to_the_thirty_one_issuances_keeps_adding_and_reuses_no_value_within_the_budget()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Value();
        var resource = new Resource(1);
        var ended = new Dictionary<long, long>(); // a sample of ended values: raw -> issuance at which it ended
        long issued = 0, reusedEarly = 0, reused = 0;
        for (; issued < (1L << 31) + (1L << 22); issued++)
        {
            long raw = table.Add(resource).Value().Raw;
            if (ended.Remove(raw, out long endedAt))
            {
                reused++;
                if (issued - endedAt < Budget)
                    reusedEarly++;
            }

            table.Drop(raw).Value();
            if ((issued & 0xFFFF) == 0)
                ended[raw] = issued;
        }

        Assert.Equal(0, reusedEarly);
        Assert.True(reused > 0, "the table never came back to a sampled value: the run did not reach reuse");
        Assert.Equal(0, table.Counts.Live);
    }
}
