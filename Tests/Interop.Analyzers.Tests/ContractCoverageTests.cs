using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace Tether.Interop.Analyzers.Tests;

/// <summary>
/// Which types need no reflection: those a JsonSerializerContext of the compilation declares, and the types the
/// source generator reaches from them through properties, elements and type arguments; and Tether's own contracts
/// (TetherJsonContext), which every JsHandles reads and writes through.
/// </summary>
public class ContractCoverageTests
{
    private static readonly Dictionary<string, string> ReflectionOff = new() { ["JsonSerializerIsReflectionEnabledByDefault"] = "false" };

    [Fact]
    public async Task Types_reachable_from_a_declared_type_are_covered_as_the_source_generator_covers_them()
    {
        var source = CrossingTypesTests.Exposing(
            """
                [JSInvokable] public int Check(Order order, List<Order> orders, Dictionary<string, Note> notes) => 0;
                [JSInvokable] public Cart Fill(Cart? cart) => new([], null!);
            """,
            """
            public sealed record Note(string Text);

            public sealed record Cart(List<Order> Lines, Dictionary<string, Note> Notes);

            [JsonSerializable(typeof(Cart))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """);

        Assert.Empty(await Snippets.Report(source));
        Assert.Empty(await Snippets.Report(ReflectionOff, source));
    }

    [Fact]
    public async Task A_JsonSerializable_attribute_on_a_class_that_is_not_a_context_does_not_count()
    {
        var source = CrossingTypesTests.Exposing(
            """
                [JSInvokable] public int Check(Order order) => 0;
            """,
            """
            [JsonSerializable(typeof(Order))]
            internal sealed class NotAContext;
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Order", "as Greeter.Check's parameter 'order'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_context_nested_in_a_class_in_another_file_counts()
    {
        var source = CrossingTypesTests.Exposing("""
                [JSInvokable] public int Check(Order order) => 0;
            """);
        var context = """
            using System.Text.Json.Serialization;

            namespace Elsewhere;

            public static partial class Contracts
            {
                [JsonSerializable(typeof(Shop.Order))]
                public sealed partial class Derived : Base;

                public abstract class Base : JsonSerializerContext
                {
                    protected Base() : base(null) { }
                }
            }
            """;

        Assert.Empty(await Snippets.Report(Snippets.Trimmed, ("Snippet.cs", source), ("Contracts.cs", context)));
    }

    [Fact]
    public async Task With_reflection_off_a_list_of_a_declared_type_needs_a_contract_of_its_own()
    {
        var source = CrossingTypesTests.Exposing(
            """
                [JSInvokable] public int Count(List<Order> orders) => orders.Count;
            """,
            """
            [JsonSerializable(typeof(Order))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """);

        // With reflection on, the list's own contract comes from reflection and Order's from the context: no warning.
        Assert.Empty(await Snippets.Report(source));
        Assert.Equal(
            [$"TETHER102 {Snippets.At(source, "Expose")}: {Snippets.NoContract("System.Collections.Generic.List<Shop.Order>", "as Greeter.Count's parameter 'orders'")}"],
            await Snippets.Report(ReflectionOff, source));
    }

    [Fact]
    public async Task A_type_reached_only_through_a_property_the_context_ignores_is_not_covered()
    {
        // The source generator makes no contract for the type of a [JsonIgnore] property (Condition Always, the
        // default): Note reaches a trimmed app's reflection as if no context knew it.
        var source = CrossingTypesTests.Exposing(
            """
                [JSInvokable] public int Check(Note note, Memo memo) => 0;
            """,
            """
            public sealed record Note(string Text);

            public sealed record Memo(string Text);

            public sealed class Holder
            {
                [JsonIgnore] public Note? Hidden { get; set; }
                [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Memo? Shown { get; set; }
            }

            [JsonSerializable(typeof(Holder))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Note", "as Greeter.Check's parameter 'note'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task The_public_fields_of_a_type_a_context_declares_with_IncludeFields_are_covered()
    {
        // With IncludeFields, the source generator makes contracts for public fields' types as for properties'.
        var source = CrossingTypesTests.Exposing(
            """
                [JSInvokable] public int Check(Note note, Memo memo) => 0;
            """,
            """
            public sealed record Note(string Text);

            public sealed record Memo(string Text);

            public sealed class WithFields
            {
                public Note? Field;
            }

            public sealed class WithoutFields
            {
                public Memo? Field;
            }

            [JsonSourceGenerationOptions(IncludeFields = true)]
            [JsonSerializable(typeof(WithFields))]
            internal sealed partial class FieldsJson : JsonSerializerContext;

            [JsonSerializable(typeof(WithoutFields))]
            internal sealed partial class PlainJson : JsonSerializerContext;
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Memo", "as Greeter.Check's parameter 'memo'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public void Tethers_own_contracts_are_the_types_TetherJsonContext_declares_and_reaches()
    {
        var declared = typeof(JsHandles).Assembly.GetType("Tether.Interop.TetherJsonContext", throwOnError: true)!
            .GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)
            .ToArray();
        Assert.NotEmpty(declared);

        // Tether's own envelope types are internal or no parameter of a user's method; what they reach is covered.
        var expected = declared
            .Where(t => t.Namespace != "Tether.Interop")
            .Select(CSharpName)
            .Append("System.Text.Json.JsonElement?") // JsCallResult.Value
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, ContractCoverage.TetherContracts.Order(StringComparer.Ordinal));
    }

    /// <summary>How the analyzer names a type: C#'s keywords, namespaces, no global::.</summary>
    private static string CSharpName(Type type)
    {
        if (type.IsArray)
            return CSharpName(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return CSharpName(underlying) + "?";
        if (type.IsGenericType)
        {
            var name = type.GetGenericTypeDefinition().FullName!;
            return $"{name[..name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(CSharpName))}>";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => "string",
            TypeCode.Boolean => "bool",
            TypeCode.Int32 => "int",
            TypeCode.Int64 => "long",
            TypeCode.Double => "double",
            TypeCode.Single => "float",
            TypeCode.Decimal => "decimal",
            _ => type.FullName!,
        };
    }
}
