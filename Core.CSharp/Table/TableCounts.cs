namespace Tether;

/// <summary>A snapshot of what a <see cref="HandleTable"/> holds.</summary>
/// <param name="Strong">Live handles that hold their resource strongly.</param>
/// <param name="Weak">Live handles that hold their resource weakly, and whose resource is still alive.</param>
/// <param name="Collected">Weak handles whose resource the GC has collected, not yet dropped.</param>
/// <param name="Free">How many more handles can be added before the table is full.</param>
/// <param name="Retired">
/// Slots resting after a cycle of generations (some may have rested since an earlier table of the tag): issued
/// again only when the table has no other slot to give (see the Core README's "Value lifetime").
/// </param>
public readonly record struct TableCounts(int Strong, int Weak, int Collected, int Free, int Retired)
{
    /// <summary>Every handle that is current: strong, weak and collected.</summary>
    public int Live => Strong + Weak + Collected;
}
