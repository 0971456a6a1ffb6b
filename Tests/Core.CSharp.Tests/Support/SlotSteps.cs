using Xunit;

namespace Tether.Tests.Support;

/// <summary>Claims and ends on a bare slot table, asserting each succeeded.</summary>
internal static class SlotSteps
{
    public static long Claim(SlotTable slots, object resource, bool strong = true)
    {
        long raw = slots.Claim(resource, strong, TypeKey<Resource>.Id, out var failure);
        Assert.Equal(SlotTable.ClaimFailure.None, failure);
        return raw;
    }

    public static void End(SlotTable slots, long raw) =>
        Assert.True(slots.TryEnd(raw, SlotTable.AnyType, requireTarget: false, out _, out _, out _));
}
