using LanguageExt.Common;

namespace Tether.Interop;

/// <summary>
/// Failures that only exist across the JS boundary, as LanguageExt <see cref="Expected"/> errors with
/// stable codes. The others (<c>Collected</c>, <c>Dropped</c>, <c>Unknown</c>) are the core's
/// <see cref="HandleError"/> cases.
/// </summary>
public abstract record InteropError : Expected
{
    private protected InteropError(string message, int code, long handle)
        : base(message, code, default) => Handle = handle;

    /// <summary>The handle the operation was given, or 0.</summary>
    public long Handle { get; }

    /// <summary>The element has left the document (code 20).</summary>
    public sealed record Detached : InteropError
    {
        /// <summary>Makes the error for the given handle.</summary>
        public Detached(long handle)
            : base($"The element behind handle {handle} is no longer in the document.", Codes.Detached, handle) { }
    }

    /// <summary>JavaScript threw (code 21); the JS message is carried.</summary>
    public sealed record JsError : InteropError
    {
        /// <summary>Makes the error for the given handle and JS message.</summary>
        public JsError(long handle, string jsMessage)
            : base($"JavaScript failed: {jsMessage}", Codes.JsError, handle) => JsMessage = jsMessage;

        /// <summary>What JavaScript said.</summary>
        public string JsMessage { get; }
    }

    /// <summary>The circuit or the page is gone (code 22): nothing on the JS side can answer any more.</summary>
    public sealed record Disconnected : InteropError
    {
        /// <summary>Makes the error for the given handle.</summary>
        public Disconnected(long handle)
            : base("The JS side is gone (the circuit closed or the page left).", Codes.Disconnected, handle) { }
    }

    /// <summary>The stable codes.</summary>
    public static class Codes
    {
        /// <summary>The element has left the document.</summary>
        public const int Detached = 20;

        /// <summary>JavaScript threw.</summary>
        public const int JsError = 21;

        /// <summary>The circuit or page is gone.</summary>
        public const int Disconnected = 22;
    }
}
