using System;
using LanguageExt;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// The integer-code surface the bridges use (HandleTable.Codes.cs): the same answer as the Fin members, as a
/// GuestCode, and a refusal allocates nothing (issue 15).
/// </summary>
public class CodeTests
{
    // Far below one allocation per call: 10,000 calls of even 24 B would be 240 KB.
    private const long None = 1_000;

    private sealed class Values : IDisposable
    {
        // Value spaces of their own: on a shared tag, what earlier tests left decides the generations (a compact
        // form needs a generation below 2^11), so results would depend on test order.
        public readonly HandleTable Table = Fresh.Table();
        public readonly HandleTable Other = Fresh.Table();
        public readonly Handle<Resource> Live;
        public readonly Handle<Resource> Dropped;
        public readonly Handle<OtherResource> OtherType;
        public readonly long Foreign;
        public readonly long Forged;
        private readonly Resource _resource = new(1);

        public Values()
        {
            Live = Table.Add(_resource).Value();
            Dropped = Table.Add(new Resource(2)).Value();
            Table.Drop(Dropped).Value();
            OtherType = Table.Add(new OtherResource()).Value();
            Foreign = Other.Add(new Resource(3)).Value().Raw;
            Forged = Live.Raw ^ (1L << 30); // another generation of the same slot
        }

        public long[] Refused => [Dropped.Raw, Foreign, Forged, 0, -1, long.MaxValue, Live.Raw | 1L << 54];

        public void Dispose()
        {
            Table.Dispose();
            Other.Dispose();
        }
    }

    [Fact]
    public void CheckCode_answers_as_Check_and_a_refusal_allocates_nothing()
    {
        using var v = new Values();
        Assert.Equal(GuestCode.Ok, v.Table.CheckCode(v.Live.Raw));
        foreach (var raw in v.Refused)
            Assert.Equal(GuestCode.Of(v.Table.Check(raw)), v.Table.CheckCode(raw));

        Assert.InRange(Allocations.Least(() =>
        {
            v.Table.CheckCode(v.Dropped.Raw);
            v.Table.CheckCode(v.Forged);
            v.Table.CheckCode(v.Foreign);
        }), 0, None);
    }

    [Fact]
    public void ResolveCode_answers_as_Resolve_and_a_forged_value_allocates_nothing()
    {
        using var v = new Values();
        Assert.Equal(v.Live.Raw, v.Table.ResolveCode<Resource>(v.Live.Raw));
        Assert.Equal(-HandleErrorCode.WrongType, v.Table.ResolveCode<Resource>(v.OtherType.Raw));
        foreach (var raw in v.Refused)
            Assert.Equal(GuestCode.Of(v.Table.Resolve<Resource>(raw)), v.Table.ResolveCode<Resource>(raw));

        Assert.InRange(Allocations.Least(() =>
        {
            v.Table.ResolveCode<Resource>(v.Forged);
            v.Table.ResolveCode<Resource>(v.OtherType.Raw);
            v.Table.ResolveCode<Resource>(-1);
        }), 0, None);
    }

    [Fact]
    public void GetCode_answers_as_Get_and_a_stale_handle_allocates_nothing()
    {
        using var v = new Values();
        Assert.Equal(GuestCode.Ok, v.Table.GetCode<Resource>(v.Live.Raw, out var found));
        Assert.NotNull(found);
        Assert.Equal(-HandleErrorCode.WrongType, v.Table.GetCode<Resource>(v.OtherType.Raw, out found));
        Assert.Null(found);
        foreach (var raw in v.Refused)
            Assert.Equal(GuestCode.Of(v.Table.Get<Resource>(raw)), v.Table.GetCode<Resource>(raw, out _));

        Assert.InRange(Allocations.Least(() =>
        {
            v.Table.GetCode<Resource>(v.Dropped.Raw, out _);
            v.Table.GetCode<Resource>(v.Forged, out _);
        }), 0, None);
    }

    [Fact]
    public void ExpandCompactCode_answers_as_ExpandCompact_and_a_refusal_allocates_nothing()
    {
        using var v = new Values();
        int live = v.Table.ToCompact(v.Live).Value();
        int dropped = v.Table.CompactUnchecked(v.Dropped.Raw);
        Assert.Equal(v.Live.Raw, v.Table.ExpandCompactCode(live));
        foreach (int compact in new[] { dropped, 0, -1, int.MaxValue, live + (1 << 20) })
            Assert.Equal(GuestCode.Of(v.Table.ExpandCompact(compact)), (int)v.Table.ExpandCompactCode(compact));

        Assert.InRange(Allocations.Least(() =>
        {
            v.Table.ExpandCompactCode(dropped);
            v.Table.ExpandCompactCode(int.MaxValue);
        }), 0, None);
    }

    [Fact]
    public void DropCode_LoosenCode_and_TightenCode_answer_as_their_Fin_members_and_a_refusal_allocates_nothing()
    {
        using var v = new Values();
        foreach (var raw in v.Refused)
        {
            Assert.Equal(GuestCode.Of(v.Table.Drop(raw)), v.Table.DropCode(raw));
            Assert.Equal(GuestCode.Of(v.Table.Loosen(raw)), v.Table.LoosenCode(raw));
            Assert.Equal(GuestCode.Of(v.Table.Tighten(raw)), v.Table.TightenCode(raw));
        }

        Assert.InRange(Allocations.Least(() =>
        {
            v.Table.DropCode(v.Dropped.Raw);
            v.Table.DropCode(v.Forged);
            v.Table.LoosenCode(v.Dropped.Raw);
            v.Table.TightenCode(v.Foreign);
        }), 0, None);

        Assert.Equal(GuestCode.Ok, v.Table.LoosenCode(v.Live.Raw));
        Assert.Equal(GuestCode.Ok, v.Table.TightenCode(v.Live.Raw));
        Assert.Equal(GuestCode.Ok, v.Table.DropCode(v.Live.Raw));
        Assert.Equal(-HandleErrorCode.Dropped, v.Table.DropCode(v.Live.Raw));
        v.Table.Dispose();
        Assert.Equal(-HandleErrorCode.Disposed, v.Table.DropCode(v.OtherType.Raw));
        Assert.Equal(-HandleErrorCode.Disposed, v.Table.CheckCode(v.OtherType.Raw));
    }

    [Fact]
    public void State_and_TryGet_of_refused_values_allocate_nothing()
    {
        using var v = new Values();
        Assert.InRange(Allocations.Least(() =>
        {
            v.Table.State(v.Dropped);
            v.Table.State(v.Forged);
            v.Table.State(v.Foreign);
            v.Table.TryGet(v.Dropped);
            v.Table.TryGet(new Handle<Resource>(v.Forged));
            v.Table.TryGet(v.Dropped, out _);
        }), 0, None);
    }

    [Fact]
    public void A_failed_Get_builds_one_small_error_and_its_message_only_when_read()
    {
        using var v = new Values();
        var error = v.Table.Get(v.Dropped).Error();
        Assert.Equal($"Handle {v.Dropped.Raw} was dropped.", error.Message);

        // The error object alone (about 56 B), not a formatted message string as well (about 150 B with it).
        long least = Allocations.Least(() => v.Table.Get(v.Dropped));
        Assert.InRange(least, 0, 10_000 * 64L);
    }
}
