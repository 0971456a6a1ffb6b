using System.Linq;
using Microsoft.CodeAnalysis;

namespace Tether.Interop.Analyzers;

/// <summary>
/// What System.Text.Json reads and writes without reading a type's members: its built-in converters (numbers,
/// strings, dates, Guid, Uri, enums, JsonElement and JsonNode, object), the converter a type names with its own
/// [JsonConverter], and the generic shapes it looks through to their elements (Nullable, and the
/// System.Collections.Generic lists, sets and dictionaries it makes as List, HashSet or Dictionary). A trimmer cannot take from them what reflection-based JSON needs.
/// </summary>
internal static class BuiltInTypes
{
    /// <summary>
    /// A type read by a built-in converter, or by the one its own [JsonConverter] names (which the attribute keeps for
    /// the trimmer): nothing of it that JSON reads can be trimmed away.
    /// </summary>
    public static bool HasConverter(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum || NamesItsConverter(type))
            return true;
        switch (type.SpecialType)
        {
            case SpecialType.System_Object:
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
            case SpecialType.System_DateTime:
                return true;
        }

        if (type is not INamedTypeSymbol { Arity: 0 } named)
            return false;
        return Namespace(named) switch
        {
            "System" => named.Name is "Guid" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "TimeSpan" or "Uri" or "Version" or "Half" or "Int128" or "UInt128",
            "System.Text.Json" => named.Name is "JsonElement" or "JsonDocument",
            "System.Text.Json.Nodes" => named.Name is "JsonNode" or "JsonObject" or "JsonArray" or "JsonValue",
            _ => false,
        };
    }

    /// <summary>A generic type that crosses as its type arguments do: Nullable, and the collections JSON makes itself.</summary>
    public static bool IsLookedThrough(INamedTypeSymbol type)
    {
        if (!type.IsGenericType)
            return false;
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            return true;
        return Namespace(type) switch
        {
            "System.Collections.Generic" => type.Name is "List" or "Dictionary" or "HashSet" or "KeyValuePair"
                or "IEnumerable" or "IList" or "ICollection" or "IReadOnlyList" or "IReadOnlyCollection"
                or "IDictionary" or "IReadOnlyDictionary" or "ISet" or "IReadOnlySet" or "IAsyncEnumerable",
            "System" => type.Name is "Memory" or "ReadOnlyMemory",
            _ => false,
        };
    }

    /// <summary>Whether the type comes from the framework (System, Microsoft), whose members the analyzer does not walk.</summary>
    public static bool IsFramework(ITypeSymbol type)
    {
        var ns = Namespace(type);
        return ns == "System" || ns == "Microsoft" || ns.StartsWith("System.", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.", System.StringComparison.Ordinal);
    }

    /// <summary>Whether the type is one a JSON contract cannot be had for at all, or that the analyzer cannot judge.</summary>
    public static bool IsOpenOrBroken(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Dynamic
        || (type is IArrayTypeSymbol array && IsOpenOrBroken(array.ElementType))
        || (type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments.Any(IsOpenOrBroken));

    private static bool NamesItsConverter(ITypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "JsonConverterAttribute" } converter && Namespace(converter) == "System.Text.Json.Serialization")
                return true;
        }

        return false;
    }

    private static string Namespace(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";
}
