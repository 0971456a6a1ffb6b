using Microsoft.CodeAnalysis;

namespace Tether.Interop.Analyzers;

/// <summary>How the diagnostics write types and methods: as C# names them, so <c>typeof(...)</c> of a name compiles.</summary>
internal static class Names
{
    private static readonly SymbolDisplayFormat s_type = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>A type with its namespaces and C#'s keywords, without nullable reference annotations: Shop.Order, List&lt;int?&gt;.</summary>
    public static string Of(ITypeSymbol type) => type.ToDisplayString(s_type);

    /// <summary>A method as its type's short name and its own: Greeter.Buy, Box&lt;Order&gt;.Get.</summary>
    public static string Of(IMethodSymbol method) =>
        $"{method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}.{method.Name}";
}
