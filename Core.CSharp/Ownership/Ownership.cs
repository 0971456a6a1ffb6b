namespace Tether;

/// <summary>Whether a handle's end also ends its resource.</summary>
public enum Ownership
{
    /// <summary>The table only refers to the resource; dropping the handle never disposes it.</summary>
    Borrowed = 0,

    /// <summary>
    /// The handle owns the resource: dropping the handle, its scope or its table disposes an
    /// <see cref="System.IDisposable"/> or <see cref="System.IAsyncDisposable"/> resource, exactly once.
    /// <c>Take</c> hands ownership back to the caller.
    /// </summary>
    Owned = 1,
}
