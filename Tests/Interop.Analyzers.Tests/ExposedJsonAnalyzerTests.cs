using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Tether.Interop.Analyzers.Tests;

/// <summary>
/// TETHER101: in a trimmed or trim-analyzed project, an Expose call whose type has a [JSInvokable] method taking
/// or answering a type that no JsonSerializerContext declares is warned about, at the call, naming the type.
/// TETHER102: with reflection-based JSON off, any such type that no context covers, trimmed or not.
/// </summary>
public class ExposedJsonAnalyzerTests
{
    private const string Shop = Snippets.Usings + """
        namespace Shop;

        public sealed record Order(string Item, int Quantity);

        public sealed class Greeter
        {
            [JSInvokable]
            public string Buy(Order order) => order.Item;
        }

        public static class App
        {
            public static void Run(JsHandles handles) => handles.Expose(new Greeter());
        }
        """;

    private const string Declared = """

        [JsonSerializable(typeof(Shop.Order))]
        public sealed partial class ShopJson : JsonSerializerContext;
        """;

    [Fact]
    public async Task A_record_parameter_that_no_context_declares_is_reported_at_the_Expose_call_naming_the_type_the_method_and_the_parameter()
    {
        Assert.Equal(
            [$"TETHER101 {Snippets.At(Shop, "Expose")}: 'Shop.Order' crosses the JS boundary as Greeter.Buy's parameter 'order' through reflection-based JSON; a trimmed publish may remove its members, and the call then answers Serialization. Declare it in a JsonSerializerContext ([JsonSerializable(typeof(Shop.Order))]) and pass the context as JsHandlesOptions.Json."],
            await Snippets.Report(Shop));
    }

    [Fact]
    public async Task The_warning_also_points_at_the_parameter_it_is_about()
    {
        var diagnostic = Assert.Single(await Snippets.Diagnostics(Snippets.Compile(("Snippet.cs", Shop)), Snippets.Trimmed));

        var parameter = Assert.Single(diagnostic.AdditionalLocations);
        Assert.Equal(Snippets.At(Shop, "order)"), Snippets.Position(parameter));
    }

    [Fact]
    public async Task A_type_that_a_JsonSerializerContext_of_the_compilation_declares_is_not_reported()
    {
        Assert.Empty(await Snippets.Report(Shop + Declared));
    }

    [Theory]
    [InlineData("PublishTrimmed")]
    [InlineData("IsTrimmable")]
    [InlineData("EnableTrimAnalyzer")]
    [InlineData("IsAotCompatible")]
    [InlineData("PublishAot")]
    public async Task A_project_that_any_of_its_settings_trims_or_trim_analyzes_gets_the_warning(string property)
    {
        var properties = new Dictionary<string, string> { [property] = "True" };

        Assert.Equal(
            [$"TETHER101 {Snippets.At(Shop, "Expose")}: {Snippets.Reflection("Shop.Order", "as Greeter.Buy's parameter 'order'")}"],
            await Snippets.Report(properties, Shop));
    }

    [Fact]
    public async Task A_project_neither_trimmed_nor_trim_analyzed_gets_no_warning()
    {
        var off = new Dictionary<string, string>
        {
            ["PublishTrimmed"] = "false",
            ["IsTrimmable"] = "false",
            ["EnableTrimAnalyzer"] = "false",
            ["IsAotCompatible"] = "",
            ["JsonSerializerIsReflectionEnabledByDefault"] = "true",
        };

        Assert.Empty(await Snippets.Report(Snippets.NotTrimmed, Shop));
        Assert.Empty(await Snippets.Report(off, Shop));
    }

    [Fact]
    public async Task With_reflection_based_JSON_off_every_type_no_context_covers_is_TETHER102_trimmed_or_not()
    {
        var source = Snippets.Usings + """
            namespace Shop;

            public sealed record Order(string Item, int Quantity);

            public sealed class Till
            {
                [JSInvokable]
                public int Count(string item, int times, List<string> names) => times;

                [JSInvokable]
                public Guid Stamp(Order order, short code) => Guid.Empty;
            }

            public static class App
            {
                public static void Run(JsHandles handles) => handles.Expose(new Till());
            }
            """;
        string at = Snippets.At(source, "Expose");
        string[] expected =
        [
            $"TETHER102 {at}: {Snippets.NoContract("Shop.Order", "as Till.Stamp's parameter 'order'")}",
            $"TETHER102 {at}: {Snippets.NoContract("System.Guid", "as Till.Stamp's result")}",
            $"TETHER102 {at}: {Snippets.NoContract("short", "as Till.Stamp's parameter 'code'")}",
        ];
        var reflectionOff = new Dictionary<string, string> { ["JsonSerializerIsReflectionEnabledByDefault"] = "false" };
        var trimmedToo = new Dictionary<string, string>(reflectionOff) { ["PublishTrimmed"] = "true" };

        // string, int and List<string> are Tether's own contracts; Guid and short need reflection like any record.
        Assert.Equal(expected, await Snippets.Report(reflectionOff, source));
        Assert.Equal(expected, await Snippets.Report(trimmedToo, source));
    }

    [Fact]
    public async Task With_reflection_based_JSON_off_a_declared_type_is_not_reported_either()
    {
        var reflectionOff = new Dictionary<string, string> { ["JsonSerializerIsReflectionEnabledByDefault"] = "false" };

        Assert.Empty(await Snippets.Report(reflectionOff, Shop + Declared));
    }

    [Fact]
    public void The_rules_are_a_warning_each_with_a_stable_id()
    {
        var descriptors = new ExposedJsonAnalyzer().SupportedDiagnostics;

        Assert.Equal(
            ["TETHER101 Trimming Warning", "TETHER102 Usage Warning"],
            descriptors.Select(d => $"{d.Id} {d.Category} {d.DefaultSeverity}"));
    }
}
