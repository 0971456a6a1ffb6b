using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthorApp.Story;

/// <summary>
/// A type that names its own JSON converter: reflection reads it through the converter, which the attribute keeps
/// for the trimmer, never through its members. It needs no context, and the build warns of nothing.
/// </summary>
[JsonConverter(typeof(TagConverter))]
public sealed class Tag(string text)
{
    public string Text { get; } = text;
}

/// <summary>Reads and writes a <see cref="Tag"/> as its text.</summary>
public sealed class TagConverter : JsonConverter<Tag>
{
    public override Tag Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, Tag value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
