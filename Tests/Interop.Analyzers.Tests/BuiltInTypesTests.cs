using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace Tether.Interop.Analyzers.Tests;

/// <summary>
/// The types System.Text.Json reads and writes without reading their members: its built-in converters, and a
/// type that names its own converter with [JsonConverter]. A trimmer cannot take from them what JSON needs.
/// </summary>
public class BuiltInTypesTests
{
    private const string Converted = """
        [JsonConverter(typeof(CodeConverter))]
        public sealed class Code
        {
            public Code(string text) => Text = text;
            public string Text { get; }
        }

        public sealed class CodeConverter : JsonConverter<Code>
        {
            public override Code Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? "");
            public override void Write(Utf8JsonWriter writer, Code value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
        }
        """;

    [Fact]
    public async Task A_type_with_its_own_JsonConverter_attribute_is_not_reported_where_reflection_is_on()
    {
        // Reflection reads such a type through the converter the attribute names (which the attribute keeps for the
        // trimmer), not through the type's members: a trimmed app reads it.
        var source = CrossingTypesTests.Exposing(
            """
                [JSInvokable] public Code Check(Code code, List<Code> codes) => code;
            """,
            Converted);

        Assert.Empty(await Snippets.Report(source));
    }

    [Fact]
    public async Task A_type_with_its_own_JsonConverter_attribute_still_needs_a_context_where_reflection_is_off()
    {
        var source = CrossingTypesTests.Exposing(
            """
                [JSInvokable] public int Check(Code code) => 0;
            """,
            Converted);
        var reflectionOff = new Dictionary<string, string> { ["JsonSerializerIsReflectionEnabledByDefault"] = "false" };

        Assert.Equal(
            [$"TETHER102 {Snippets.At(source, "Expose")}: {Snippets.NoContract("Shop.Code", "as Greeter.Check's parameter 'code'")}"],
            await Snippets.Report(reflectionOff, source));
    }
}
