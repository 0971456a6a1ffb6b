using System.Text.Json.Serialization;

namespace Tether.Interop;

/// <summary>
/// How a <see cref="JsHandle{T}"/> argument crosses as JSON: tether.js replaces the marker by the object its
/// handle holds, checked against the tag (a marker of a dropped handle calls nothing). The names cannot clash
/// with a user's data by accident, and the brand keeps them from clashing on purpose: data a caller forwards
/// (JSON from a server or a user) may have the same shape, but its author cannot know the brand, so tether.js
/// passes it on as the data it is.
/// </summary>
/// <param name="Handle">The handle's value.</param>
/// <param name="Type">The tag of the handle's type.</param>
/// <param name="Brand">The service's brand (<see cref="JsBridge.Brand"/>), which its table got in createTable.</param>
internal sealed record HandleMarker(
    [property: JsonPropertyName("__tetherHandle")] long Handle,
    [property: JsonPropertyName("__tetherType")] int Type,
    [property: JsonPropertyName("__tetherBrand")] string Brand);
