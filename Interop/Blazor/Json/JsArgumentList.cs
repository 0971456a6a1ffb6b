using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Interop;

/// <summary>
/// A call's arguments (or a Set's value) as they cross the JSON path: written exactly as the runtime would write
/// them (each element by its runtime type, with the runtime's options), one element at a time, so that a handle
/// nested inside one (<see cref="NestedHandleRefusal"/>) is refused with where it was: the serializer itself keeps
/// no path while it writes.
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class JsArgumentList(object?[] items, bool single)
{
    /// <summary>The arguments, each top-level handle already a marker.</summary>
    public object?[] Items { get; } = items;

    /// <summary>Written as its one item (a Set's value) rather than as an array.</summary>
    public bool Single { get; } = single;

    private sealed class Converter : JsonConverter<JsArgumentList>
    {
        public override JsArgumentList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("arguments are only written");

        public override void Write(Utf8JsonWriter writer, JsArgumentList value, JsonSerializerOptions options)
        {
            if (value.Single)
            {
                WriteItem(writer, value.Items[0], options, "$");
                return;
            }

            writer.WriteStartArray();
            for (int i = 0; i < value.Items.Length; i++)
                WriteItem(writer, value.Items[i], options, $"$[{i}]");
            writer.WriteEndArray();
        }

        // The runtime writes an object?[] element by its runtime type with these options: the same call, per element.
        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The JS runtime serializes the same values with the same options and runtime types; this only does it one element at a time.")]
        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: the runtime's own serialization of the arguments needs the same.")]
        private static void WriteItem(Utf8JsonWriter writer, object? item, JsonSerializerOptions options, string at)
        {
            if (item is null)
            {
                writer.WriteNullValue();
                return;
            }

            try
            {
                JsonSerializer.Serialize(writer, item, item.GetType(), options);
            }
            catch (NestedHandleException refused) when (refused.At is null)
            {
                throw new NestedHandleException(NestedHandlePath.Find(item, at, options) ?? at);
            }
        }
    }
}
