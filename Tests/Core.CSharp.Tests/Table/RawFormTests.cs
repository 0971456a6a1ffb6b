using System;
using System.Collections.Generic;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class RawFormTests
{
    private const long MaxSafeInteger = 9_007_199_254_740_991; // JS Number.MAX_SAFE_INTEGER

    [Fact]
    public void Raw_values_are_positive_JS_safe_integers_that_survive_long_double_and_i64_round_trips()
    {
        using var table = HandleTable.Create();
        for (int i = 0; i < 1000; i++)
        {
            var resource = new Resource(i);
            var handle = table.Add(resource).Value();
            Assert.InRange(handle.Raw, 1L << 45, MaxSafeInteger);

            double asJsNumber = handle.Raw;
            long throughJs = (long)asJsNumber;
            ulong asI64 = unchecked((ulong)handle.Raw);
            Assert.Equal(handle.Raw, throughJs);
            Assert.Equal(handle.Raw, unchecked((long)asI64));
            Assert.Same(resource, table.Get(table.Resolve<Resource>(throughJs).Value()).Value());
        }
    }

    [Fact]
    public void Zero_is_never_valid_and_default_is_Unknown_to_every_member()
    {
        using var table = HandleTable.Create();
        table.Add(new Resource(0)).Value();
        Handle<Resource> none = default;

        Assert.True(none.IsDefault);
        Assert.Equal(0, none.Raw);
        table.Get(none).FailsWith(new HandleError.Unknown(0));
        Assert.True(table.TryGet(none).IsNone);
        Assert.Equal(HandleState.Unknown, table.State(none));
        Assert.Equal(HandleState.Unknown, table.State(0L));
        table.HoldOf(none).FailsWith(new HandleError.Unknown(0));
        table.Drop(none).FailsWith(new HandleError.Unknown(0));
        table.Take(none).FailsWith(new HandleError.Unknown(0));
        table.Loosen(none).FailsWith(new HandleError.Unknown(0));
        table.Tighten(none).FailsWith(new HandleError.Unknown(0));
        table.Resolve<Resource>(0).FailsWith(new HandleError.Unknown(0));
        table.ResolveCompact<Resource>(0).FailsWith(new HandleError.Unknown(0));
        table.ToCompact(none).FailsWith(new HandleError.Unknown(0));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(MaxSafeInteger + 1)]
    public void Values_outside_1_to_2_pow_53_minus_1_are_Unknown(long raw)
    {
        using var table = HandleTable.Create();
        table.Add(new Resource(0)).Value();
        table.Resolve<Resource>(raw).FailsWith(new HandleError.Unknown(raw));
        Assert.Equal(HandleState.Unknown, table.State(raw));
    }

    [Fact]
    public void A_handle_from_another_table_is_a_WrongTable_error_everywhere()
    {
        using var mine = HandleTable.Create();
        using var theirs = HandleTable.Create();
        mine.Add(new Resource(1)).Value();
        var foreign = theirs.Add(new Resource(2)).Value();

        mine.Get(foreign).FailsWith(new HandleError.WrongTable(foreign.Raw));
        mine.Resolve<Resource>(foreign.Raw).FailsWith(new HandleError.WrongTable(foreign.Raw));
        mine.Drop(foreign).FailsWith(new HandleError.WrongTable(foreign.Raw));
        Assert.Equal(HandleState.Unknown, mine.State(foreign));
        Assert.Equal(HandleState.Alive, theirs.State(foreign));
    }

    [Fact]
    public void A_slot_that_was_never_issued_or_a_future_generation_is_Unknown()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new Resource(1)).Value();

        long nextSlot = handle.Raw + 1;                  // same tag and generation, slot 1: never issued
        long nextGeneration = handle.Raw ^ (1L << 24);  // same slot, another generation
        table.Resolve<Resource>(nextSlot).FailsWith(new HandleError.Unknown(nextSlot));
        var other = table.Resolve<Resource>(nextGeneration).Error();
        Assert.True(other is HandleError.Unknown or HandleError.Dropped, other.GetType().Name);
        Assert.Equal(nextGeneration, ((HandleError)other).Raw);
    }

    [Fact]
    public void Compact_form_round_trips_and_is_a_positive_int()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).Value();
        var resources = new List<(Resource, Handle<Resource>)>();
        for (int i = 0; i < 500; i++)
        {
            var resource = new Resource(i);
            resources.Add((resource, table.Add(resource).Value()));
        }

        foreach (var (resource, handle) in resources)
        {
            int compact = table.ToCompact(handle).Value();
            Assert.True(compact > 0);
            Assert.Equal(handle, table.ResolveCompact<Resource>(compact).Value());
            Assert.Same(resource, table.Get(table.ResolveCompact<Resource>(compact).Value()).Value());
        }
    }

    [Fact]
    public void A_raw_table_handle_past_2047_generations_has_no_compact_form()
    {
        using var table = HandleTable.Create();
        Handle<Resource> handle = default;
        for (int i = 0; i < 2048; i++)
        {
            handle = table.Add(new Resource(i)).Value();
            if (i < 2047)
                table.Drop(handle).Value();
        }

        table.ToCompact(handle).FailsWith(new HandleError.NoCompactForm(handle.Raw));
    }

    [Fact]
    public void Negative_compact_values_are_Unknown()
    {
        using var table = HandleTable.Create();
        table.ResolveCompact<Resource>(-5).FailsWith(new HandleError.Unknown(-5));
    }

    [Fact]
    public void Hundreds_of_thousands_of_forged_values_give_no_exception_and_no_wrong_resource()
    {
        using var table = HandleTable.Create();
        var byRaw = new Dictionary<long, Resource>();
        for (int i = 0; i < 2000; i++)
        {
            var resource = new Resource(i);
            var handle = table.Add(resource, i % 2 == 0 ? Hold.Strong : Hold.Weak).Value();
            resource.Raw = handle.Raw;
            byRaw[handle.Raw] = resource;
            if (i % 3 == 0)
            {
                table.Drop(handle).Value();
                byRaw.Remove(handle.Raw);
            }
        }

        var liveRaws = new List<long>(byRaw.Keys);
        var random = new Random(20261124);
        int hits = 0;
        for (int i = 0; i < 300_000; i++)
        {
            // Half purely random, half near real handles (flipped bits), which is what a buggy guest sends.
            long raw = i % 2 == 0 ? random.NextInt64() >> random.Next(0, 64) : NearMiss(random, liveRaws);
            var resolved = table.Resolve<Resource>(raw);
            var state = table.State(raw);
            if (resolved.IsSucc)
            {
                var resource = table.Get(resolved.Value()).Value();
                Assert.Equal(raw, resource.Raw);
                Assert.Same(byRaw[raw], resource);
                Assert.Equal(HandleState.Alive, state);
                hits++;
            }
            else
            {
                Assert.IsAssignableFrom<HandleError>(resolved.Error());
                Assert.False(byRaw.ContainsKey(raw));
            }
        }

        Assert.True(hits > 0, "near misses sometimes flip a bit back to a live handle");
    }

    private static long NearMiss(Random random, List<long> live)
    {
        long raw = live[random.Next(live.Count)];
        int flips = random.Next(0, 3);
        for (int f = 0; f < flips; f++)
            raw ^= 1L << random.Next(0, 64);
        return raw;
    }
}
