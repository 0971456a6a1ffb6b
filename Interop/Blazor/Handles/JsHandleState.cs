namespace Tether.Interop;

/// <summary>What tether.js knows of a handle.</summary>
public enum JsHandleState
{
    /// <summary>Never issued by this table: forged, default, or of another table.</summary>
    Unknown = 0,

    /// <summary>Current, and the object is alive (and, for an element, in the document).</summary>
    Alive = 1,

    /// <summary>Dropped.</summary>
    Dropped = 2,

    /// <summary>Held weakly, and the JS garbage collector collected the object.</summary>
    Collected = 3,

    /// <summary>An element that has left the document; it may still be reattached.</summary>
    Detached = 4,

    /// <summary>Current, but held as another type than the one asked for; nothing was done.</summary>
    WrongType = 5,

    /// <summary>The JS table is gone (the service was disposed, or the page reloaded its module).</summary>
    Disposed = 6,
}
