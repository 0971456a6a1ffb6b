namespace Tether;

/// <summary>What becomes of a weak handle's slot once the GC has collected its resource.</summary>
public enum SlotPolicy
{
    /// <summary>
    /// The slot stays as a tombstone: lookups say <c>Collected</c> until the owner drops the handle, and
    /// it counts against capacity until then. Nothing changes behind the owner's back.
    /// </summary>
    Tombstone = 0,

    /// <summary>
    /// Once the table has processed the collection (it publishes the notice at the same moment), it ends
    /// the handle itself and frees the slot. Lookups still say <c>Collected</c> until the slot is reused;
    /// after that the handle's generation is behind the slot's, and lookups say <c>Dropped</c> (ended).
    /// Requires <see cref="HandleTableOptions.NotifyCollected"/>.
    /// </summary>
    Reclaim = 1,
}
