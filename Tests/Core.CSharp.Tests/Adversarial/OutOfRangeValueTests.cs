using System;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>
/// Values outside the raw range (bits at or above 53, negative, tag 0) are never issued by any
/// table, so every member must answer them as <see cref="HandleError.Unknown"/> with the value passed in,
/// even while the slot they point at is being freed and reused.
/// </summary>
public class OutOfRangeValueTests
{
    private static readonly TimeSpan StressTime = TimeSpan.FromSeconds(1.5);

    public static TheoryData<string, Hold> RacingVariants()
    {
        var data = new TheoryData<string, Hold>();
        foreach (var variant in new[] { "bit 54", "bits 53 and 54", "bit 53", "bit 62", "negative", "tag 0" })
        {
            data.Add(variant, Hold.Strong);
            data.Add(variant, Hold.Weak);
        }

        return data;
    }

    public static TheoryData<string> Variants() =>
        new() { "bit 54", "bits 53 and 54", "bit 53", "bit 62", "negative", "tag 0" };

    private static long Forge(long raw, string variant) => variant switch
    {
        "bit 54" => raw | 1L << 54,
        "bits 53 and 54" => raw | 1L << 54 | 1L << 53,
        "bit 53" => raw | 1L << 53,
        "bit 62" => raw | 1L << 62,
        "negative" => raw | long.MinValue,
        "tag 0" => raw & ((1L << 45) - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    [Theory]
    [MemberData(nameof(RacingVariants))]
    public void An_out_of_range_value_is_unknown_while_its_slot_is_added_and_dropped(string variant, Hold hold)
    {
        using var table = HandleTable.Create();
        var kept = new Resource(1); // alive throughout, so a weak hold never sees a collection
        long last = 0;

        var failure = Race.Run(
            StressTime,
            () =>
            {
                var handle = table.Add(kept, hold).Value();
                Volatile.Write(ref last, handle.Raw);
                table.Drop(handle).Value();
            },
            () =>
            {
                long raw = Volatile.Read(ref last);
                if (raw == 0)
                    return null;
                long forged = Forge(raw, variant);
                var resolved = table.Resolve<Resource>(forged);
                if (resolved.IsSucc)
                {
                    var got = table.Get(resolved.Value());
                    return got.IsSucc
                        ? $"Resolve({forged:X}) succeeded and Get returned {got.Value()}"
                        : $"Resolve({forged:X}) succeeded (Get then said {got.Error().Message})";
                }

                var error = resolved.Error();
                return Equals(error, new HandleError.Unknown(forged))
                    ? null
                    : $"Resolve({forged:X}) answered {error.GetType().Name} {error.Message}, not Unknown({forged})";
            });

        Assert.Null(failure);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Raw_members_answer_an_out_of_range_value_as_unknown_and_change_nothing(string variant)
    {
        using var table = HandleTable.Create();
        var alive = new Resource(1);
        var strong = table.Add(alive).Value();
        var weak = table.Add(new Resource(2), Hold.Weak).Value();
        var dropped = table.Add(new Resource(3)).Value();
        table.Drop(dropped).Value();
        var before = table.Counts;

        foreach (var raw in new[] { strong.Raw, weak.Raw, dropped.Raw })
        {
            long forged = Forge(raw, variant);
            var unknown = new HandleError.Unknown(forged);

            Assert.Equal(HandleState.Unknown, table.State(forged));
            table.Check(forged).FailsWith(unknown);
            table.ToCompact(forged).FailsWith(unknown);
            table.Resolve<Resource>(forged).FailsWith(unknown);
            table.Loosen(forged).FailsWith(unknown);
            table.Tighten(forged).FailsWith(unknown);
            table.Drop(forged).FailsWith(unknown);
        }

        Assert.Equal(before, table.Counts);
        Assert.Same(alive, table.Get(strong).Value());
        Assert.Equal(Hold.Strong, table.HoldOf(strong).Value());
        Assert.Equal(Hold.Weak, table.HoldOf(weak).Value());
        GC.KeepAlive(alive);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stale_handle_never_yields_a_resource_of_another_type_while_its_slot_is_reused(bool forged)
    {
        using var table = HandleTable.Create();
        long last = 0;
        int i = 0;

        var failure = Race.Run(
            StressTime,
            () =>
            {
                var a = table.Add(new ResourceA(i)).Value();
                Volatile.Write(ref last, a.Raw);
                table.Drop(a).Value();
                var b = table.Add(new ResourceB(i), Hold.Weak).Value(); // the free list hands out the same slot
                table.Drop(b).Value();
                i++;
            },
            () =>
            {
                long raw = Volatile.Read(ref last);
                if (raw == 0)
                    return null;
                long value = forged ? raw | 1L << 54 : raw;
                var resolved = table.Resolve<ResourceA>(value);
                if (!resolved.IsSucc)
                    return null;
                var got = table.Get(resolved.Value());
                if (got.IsSucc && ((object)got.Value()).GetType() is var type && type != typeof(ResourceA))
                    return $"Get<ResourceA>({value:X}) returned a {type.Name}";
                object[] tried = table.TryGet(resolved.Value()).Match(v => new object[] { v }, () => []);
                if (tried is [var found] && found.GetType() != typeof(ResourceA))
                    return $"TryGet<ResourceA>({value:X}) returned a {found.GetType().Name}";
                return null;
            });

        Assert.Null(failure);
    }
}
