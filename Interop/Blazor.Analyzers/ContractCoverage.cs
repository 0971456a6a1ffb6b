using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Tether.Interop.Analyzers;

/// <summary>
/// The types whose JSON contracts a source-generated context gives, so no reflection reads them: those the
/// <c>[JsonSerializable(typeof(X))]</c> attributes of the compilation's own JsonSerializerContext classes declare,
/// with what the source generator reaches from them (public properties, <c>[JsonInclude]</c> fields and, with
/// <c>IncludeFields</c>, public ones, but no member <c>[JsonIgnore]</c> leaves out; <c>[JsonDerivedType]</c>
/// types, elements and type arguments), and Tether's own (TetherJsonContext). A context
/// in a referenced assembly is not read (that would mean reading every type of every reference); whether a
/// context of the compilation is the one passed as <c>JsHandlesOptions.Json</c> cannot be known, so any counts.
/// </summary>
internal sealed class ContractCoverage
{
    /// <summary>
    /// The types Tether.Interop's own generated context (Interop/Blazor/Json/TetherJsonContext.cs) declares, or reaches
    /// from its own envelope types, as <see cref="Names.Of(ITypeSymbol)"/> writes them. Every JsHandles resolves them after the
    /// user's contracts; a test keeps this list equal to the context's.
    /// </summary>
    public static readonly ImmutableArray<string> TetherContracts =
    [
        "System.Text.Json.JsonElement", "System.Text.Json.JsonElement?",
        "string", "bool", "int", "long", "double", "float", "decimal",
        "bool?", "int?", "long?", "double?",
        "string[]", "int[]", "long[]", "double[]",
        "System.Collections.Generic.List<string>",
        "System.Collections.Generic.Dictionary<string, string>",
        "System.Collections.Generic.Dictionary<string, System.Text.Json.JsonElement>",
    ];

    private static readonly HashSet<string> s_tether = new(TetherContracts);

    private readonly HashSet<ITypeSymbol> _reached;

    private ContractCoverage(HashSet<ITypeSymbol> reached) => _reached = reached;

    /// <summary>Whether a context gives the type's contract.</summary>
    public bool Covers(ITypeSymbol type) => _reached.Contains(type) || s_tether.Contains(Names.Of(type));

    /// <summary>Reads the compilation's contexts (once per compilation, when the first Expose call is met).</summary>
    public static ContractCoverage Of(Compilation compilation, InteropSymbols symbols, CancellationToken cancellation)
    {
        var reached = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        if (symbols.Context is { } context && symbols.Serializable is { } serializable)
        {
            var types = new Stack<INamespaceOrTypeSymbol>();
            types.Push(compilation.Assembly.GlobalNamespace);
            while (types.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                var current = types.Pop();
                foreach (var member in current.GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol inner)
                        types.Push(inner);
                }

                if (current is INamedTypeSymbol type && DerivesFrom(type, context))
                {
                    // One context's options apply to all it reaches: with IncludeFields, a type met before through
                    // another context is walked again for its fields.
                    var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
                    bool includeFields = IncludesFields(type);
                    foreach (var attribute in type.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, serializable)
                            && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol declared)
                            Reach(declared, seen, includeFields);
                    }

                    reached.UnionWith(seen);
                }
            }
        }

        return new ContractCoverage(reached);
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol context)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, context))
                return true;
        }

        return false;
    }

    /// <summary>Whether the context says [JsonSourceGenerationOptions(IncludeFields = true)]: its public fields then count as properties do.</summary>
    private static bool IncludesFields(INamedTypeSymbol context)
    {
        foreach (var attribute in context.GetAttributes())
        {
            if (attribute.AttributeClass?.Name != "JsonSourceGenerationOptionsAttribute")
                continue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "IncludeFields" && named.Value.Value is bool include)
                    return include;
            }
        }

        return false;
    }

    /// <summary>Adds the type and what the source generator makes contracts for from it.</summary>
    private static void Reach(ITypeSymbol start, HashSet<ITypeSymbol> reached, bool includeFields)
    {
        var pending = new Stack<ITypeSymbol>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (BuiltInTypes.IsOpenOrBroken(type) || !reached.Add(type))
                continue;
            if (type is IArrayTypeSymbol array)
            {
                pending.Push(array.ElementType);
                continue;
            }

            if (type is not INamedTypeSymbol named)
                continue;
            foreach (var argument in named.TypeArguments)
                pending.Push(argument);
            if (BuiltInTypes.HasConverter(named) || BuiltInTypes.IsFramework(named))
                continue;
            for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    // A member [JsonIgnore] leaves out for good has no contract made for its type.
                    if (IsIgnored(member))
                        continue;
                    switch (member)
                    {
                        case IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property:
                            pending.Push(property.Type);
                            break;
                        case IFieldSymbol { IsStatic: false, IsConst: false } field
                            when (includeFields && field.DeclaredAccessibility == Accessibility.Public) || HasAttribute(field, "JsonIncludeAttribute"):
                            pending.Push(field.Type);
                            break;
                    }
                }

                foreach (var attribute in current.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name == "JsonDerivedTypeAttribute" && attribute.ConstructorArguments.Length > 0
                        && attribute.ConstructorArguments[0].Value is ITypeSymbol derived)
                        pending.Push(derived);
                }
            }
        }
    }

    /// <summary>
    /// Whether the member is [JsonIgnore] with JsonIgnoreCondition.Always (its default): the source generator then makes
    /// no contract for its type. Under any other condition the member is written or read at times, and its type's is made.
    /// </summary>
    private static bool IsIgnored(ISymbol member)
    {
        const int Always = 1;
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass?.Name != "JsonIgnoreAttribute")
                continue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Condition" && named.Value.Value is int condition)
                    return condition == Always;
            }

            return true;
        }

        return false;
    }

    private static bool HasAttribute(ISymbol symbol, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == name)
                return true;
        }

        return false;
    }
}
