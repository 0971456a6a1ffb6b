using Microsoft.CodeAnalysis;

namespace Tether.Analyzers;

/// <summary>Recognises the types the analyzers speak of, by name, namespace and assembly (no reference needed).</summary>
internal static class TetherTypes
{
    /// <summary>Whether the type is LanguageExt's <c>Fin&lt;A&gt;</c>; its <c>A</c> comes out.</summary>
    public static bool IsFin(ITypeSymbol? type, out ITypeSymbol? value)
    {
        value = null;
        if (type is INamedTypeSymbol { Name: "Fin", Arity: 1 } named && InNamespace(named, "LanguageExt"))
        {
            value = named.TypeArguments[0];
            return true;
        }

        return false;
    }

    /// <summary>Tether.Core as the compilation references it; none for a project that does not, which then pays for no analysis.</summary>
    public static IAssemblySymbol? Core(Compilation compilation)
    {
        foreach (var reference in compilation.References)
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol { Name: "Tether.Core" } core)
                return core;
        return null;
    }

    /// <summary>Whether the symbol is declared by Tether.Core, in the namespace Tether.</summary>
    public static bool IsTether(ISymbol? symbol) =>
        symbol is not null && symbol.ContainingAssembly?.Name == "Tether.Core" && InNamespace(symbol, "Tether");

    /// <summary>Whether the type is one a Fin of Tether holds and a caller goes on with: a table, a scope or a handle.</summary>
    public static bool IsTetherValue(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "HandleTable" or "HandleScope" or "Handle" } named && IsTether(named);

    /// <summary>How the type reads in C#, short: HandleTable, Handle&lt;StringBuilder&gt;.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static bool InNamespace(ISymbol symbol, string name) =>
        symbol.ContainingNamespace is { Name: var n, ContainingNamespace.IsGlobalNamespace: true } && n == name;
}
