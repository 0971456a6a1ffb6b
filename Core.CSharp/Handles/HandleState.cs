namespace Tether;

/// <summary>What a table knows about a handle, answered without fetching the resource.</summary>
public enum HandleState
{
    /// <summary>The table never issued this handle: forged, default, out of range, or minted by another table.</summary>
    Unknown = 0,

    /// <summary>The handle is current and its resource is alive.</summary>
    Alive = 1,

    /// <summary>The handle was issued by this table and has since been dropped, taken, or ended by disposal.</summary>
    Dropped = 2,

    /// <summary>The handle is current, but it held its resource weakly and the GC has collected it.</summary>
    Collected = 3,
}
