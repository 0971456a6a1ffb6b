using System;
using LanguageExt.Common;

namespace Tether.Interop;

/// <summary>
/// Failures that only exist across the JS boundary, as LanguageExt <see cref="Expected"/> errors with
/// stable codes. The others (<c>Collected</c>, <c>Dropped</c>, <c>Unknown</c>, <c>WrongType</c>,
/// <c>WrongTable</c>, <c>InvalidArgument</c>) are the core's <see cref="HandleError"/> cases.
/// </summary>
/// <remarks>
/// Which case tells a caller what to do next: <see cref="Disconnected"/> is final (stop using the service);
/// <see cref="Timeout"/> and <see cref="Canceled"/> concern one call (the circuit may be fine);
/// <see cref="NotInteractive"/> means "not yet" (prerendering: try again after the first render);
/// <see cref="Serialization"/> and <see cref="NoValue"/> are a mismatch between the call and its answer;
/// <see cref="NotInProcess"/> means "use the async members" (Server) or "call Connect first" (WebAssembly).
/// </remarks>
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

    /// <summary>The circuit or the page is gone, or the service was disposed (code 22): nothing on the JS side can answer any more.</summary>
    public sealed record Disconnected : InteropError
    {
        /// <summary>Makes the error for the given handle.</summary>
        public Disconnected(long handle)
            : base("The JS side is gone (the circuit closed, the page left, or the service was disposed).", Codes.Disconnected, handle) { }
    }

    /// <summary>The call got no answer in time (code 23). The circuit may be alive; the call's effect in JS is unknown.</summary>
    public sealed record Timeout : InteropError
    {
        /// <summary>Makes the error for the given handle and the time the call was given.</summary>
        public Timeout(long handle, TimeSpan after)
            : base($"The JS call for handle {handle} got no answer within {after.TotalSeconds:0.###} s.", Codes.Timeout, handle) => After = after;

        /// <summary>How long the call waited.</summary>
        public TimeSpan After { get; }
    }

    /// <summary>The caller's <see cref="System.Threading.CancellationToken"/> ended the call (code 24).</summary>
    public sealed record Canceled : InteropError
    {
        /// <summary>Makes the error for the given handle.</summary>
        public Canceled(long handle)
            : base($"The JS call for handle {handle} was canceled by its caller.", Codes.Canceled, handle) { }
    }

    /// <summary>
    /// JS cannot be called yet (code 25): the component is prerendering or statically rendered. Call again
    /// from <c>OnAfterRenderAsync</c>, once the page is interactive.
    /// </summary>
    public sealed record NotInteractive : InteropError
    {
        /// <summary>Makes the error for the given handle and the runtime's explanation.</summary>
        public NotInteractive(long handle, string reason)
            : base($"JavaScript cannot be called yet (prerendering or static rendering): {reason}", Codes.NotInteractive, handle) => Reason = reason;

        /// <summary>What the JS runtime said.</summary>
        public string Reason { get; }
    }

    /// <summary>
    /// A value could not cross the boundary as JSON (code 26): the answer did not fit the type asked for, or
    /// the type has no JSON contract (add it to <see cref="JsHandlesOptions.Json"/> in a trimmed app).
    /// </summary>
    public sealed record Serialization : InteropError
    {
        /// <summary>Makes the error for the given handle, type and reason.</summary>
        public Serialization(long handle, Type type, string reason)
            : base($"A {type.Name} could not cross the JS boundary for handle {handle}: {reason}", Codes.Serialization, handle)
        {
            Type = type;
            Reason = reason;
        }

        /// <summary>The .NET type that was read or written.</summary>
        public Type Type { get; }

        /// <summary>What the serializer said.</summary>
        public string Reason { get; }
    }

    /// <summary>
    /// The call answered <c>null</c> or <c>undefined</c> where a value was asked for (code 27). Use
    /// <c>InvokeOptional</c> or <c>GetOptional</c> when absence is a normal answer.
    /// </summary>
    public sealed record NoValue : InteropError
    {
        /// <summary>Makes the error for the given handle and member.</summary>
        public NoValue(long handle, string member)
            : base($"{member} through handle {handle} answered null or undefined.", Codes.NoValue, handle) => Member = member;

        /// <summary>The method or property that answered nothing.</summary>
        public string Member { get; }
    }

    /// <summary>
    /// The synchronous API is not available (code 28): the app does not run on WebAssembly (Blazor Server), or
    /// <see cref="JsHandles.Connect"/> has not succeeded yet. The async members of <see cref="JsHandles"/> work everywhere.
    /// </summary>
    public sealed record NotInProcess : InteropError
    {
        /// <summary>Makes the error with the reason.</summary>
        public NotInProcess(string reason)
            : base($"Synchronous JS calls are not available: {reason}", Codes.NotInProcess, 0) => Reason = reason;

        /// <summary>Why not.</summary>
        public string Reason { get; }
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

        /// <summary>No answer in time.</summary>
        public const int Timeout = 23;

        /// <summary>The caller canceled.</summary>
        public const int Canceled = 24;

        /// <summary>Prerendering or static rendering: no JS yet.</summary>
        public const int NotInteractive = 25;

        /// <summary>A value did not fit its JSON contract.</summary>
        public const int Serialization = 26;

        /// <summary>Null or undefined where a value was asked for.</summary>
        public const int NoValue = 27;

        /// <summary>No synchronous calls: not WebAssembly, or not connected yet.</summary>
        public const int NotInProcess = 28;
    }
}
