using System;
using System.Text.Json.Serialization.Metadata;

namespace Tether.Interop;

/// <summary>How a <see cref="JsHandles"/> service talks to tether.js.</summary>
public sealed record JsHandlesOptions
{
    /// <summary>The default <see cref="CallTimeout"/>: one minute, as Blazor Server's own default.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Report elements that leave the document as <see cref="JsNoticeKind.Detached"/> notices. On by default.</summary>
    public bool WatchDom { get; init; } = true;

    /// <summary>
    /// How long one interop call may take before it answers <see cref="InteropError.Timeout"/>; on every host,
    /// WebAssembly included (whose runtime has no timeout of its own). Unset, the app's own default applies where
    /// it has one (Blazor Server's <c>CircuitOptions.JSInteropDefaultCallTimeout</c>), else
    /// <see cref="DefaultCallTimeout"/>; set, it applies to Tether's calls whatever the app's default.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits for ever. Anything else that is not positive
    /// makes every call answer <see cref="HandleError.InvalidArgument"/>.
    /// </summary>
    public TimeSpan CallTimeout
    {
        get => _callTimeout ?? DefaultCallTimeout;
        init => _callTimeout = value;
    }

    private readonly TimeSpan? _callTimeout;

    /// <summary>Whether <see cref="CallTimeout"/> was set, rather than left to the app's default.</summary>
    public bool HasCallTimeout => _callTimeout.HasValue;

    /// <summary>
    /// JSON contracts for your own types: results of <c>Invoke</c>/<c>Get</c>, and the parameters and results
    /// of exposed .NET methods (for example a <c>JsonSerializerContext</c>). Primitives, strings, arrays of them
    /// and <see cref="System.Text.Json.JsonElement"/> are built in. Needed in a trimmed or AOT app; elsewhere the
    /// serializer's reflection fills in when it is enabled.
    /// </summary>
    public IJsonTypeInfoResolver? Json { get; init; }
}
