namespace Tether.Interop;

/// <summary>What tether.js reported about a handle without being asked.</summary>
public enum JsNoticeKind
{
    /// <summary>The JS garbage collector collected the object of a weak handle.</summary>
    Collected = 0,

    /// <summary>A held element left the document.</summary>
    Detached = 1,
}

/// <summary>A notice from tether.js, delivered in batches (one interop call per batch).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Handle">The handle's value.</param>
public readonly record struct JsNotice(JsNoticeKind Kind, long Handle);
