using System.Text.Json.Serialization;

namespace Tether.Interop;

/// <summary>
/// How a <see cref="JsHandle{T}"/> argument crosses as JSON: tether.js replaces the marker by the object its
/// handle holds, checked against the tag (a marker of a dropped handle calls nothing). The names cannot clash
/// with a user's data by accident.
/// </summary>
/// <param name="Handle">The handle's value.</param>
/// <param name="Type">The tag of the handle's type.</param>
internal sealed record HandleMarker(
    [property: JsonPropertyName("__tetherHandle")] long Handle,
    [property: JsonPropertyName("__tetherType")] int Type);
