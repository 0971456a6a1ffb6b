using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Tether.Interop.Analyzers;

/// <summary>
/// The methods JS can call on an object exposed as a type, by the rules Tether.Interop reads them by at run time
/// (Interop/Blazor/Exposed/CallableMethods.cs: <c>typeof(T).GetMethods(Public | Instance)</c>, non-generic, each
/// <c>[JSInvokable]</c> of the method itself keyed by its identifier or the method's name and the arity; a key two
/// of them share calls neither). So: a class's own and inherited public instance methods (an override stands for
/// the methods it overrides, and counts only if marked itself; a method hidden with <c>new</c> is listed beside the
/// one hiding it, as reflection lists both), an interface's own methods, property and event accessors among them.
/// </summary>
internal static class CallableMethods
{
    public static ImmutableArray<IMethodSymbol> Of(ITypeSymbol exposed, INamedTypeSymbol jsInvokable)
    {
        if (exposed is not INamedTypeSymbol type)
            return ImmutableArray<IMethodSymbol>.Empty;

        var listed = Listed(type);
        var keys = new Dictionary<(string Name, int Arity), int>();
        var keysOf = new List<(IMethodSymbol Method, List<(string, int)> Keys)>();
        foreach (var method in listed)
        {
            var own = new List<(string, int)>();
            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, jsInvokable))
                    continue;
                var identifier = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                var key = (identifier ?? method.Name, method.Parameters.Length);
                keys[key] = keys.TryGetValue(key, out int count) ? count + 1 : 1;
                own.Add(key);
            }

            if (own.Count > 0)
                keysOf.Add((method, own));
        }

        // A key that two marked methods (or two marks of one) share answers "several callable methods": neither runs.
        var callable = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var (method, own) in keysOf)
        {
            if (own.Exists(key => keys[key] == 1))
                callable.Add(method);
        }

        return callable.ToImmutable();
    }

    /// <summary>What <c>GetMethods(BindingFlags.Public | BindingFlags.Instance)</c> lists, generic methods left out.</summary>
    private static List<IMethodSymbol> Listed(INamedTypeSymbol type)
    {
        var listed = new List<IMethodSymbol>();
        var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        // Reflection lists an interface's own members only; a class's, with those of its base classes.
        for (INamedTypeSymbol? current = type; current is not null; current = type.TypeKind == TypeKind.Interface ? null : current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol method || method.IsStatic || method.DeclaredAccessibility != Accessibility.Public
                    || method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
                    continue;
                bool hidden = overridden.Contains(method);
                if (method.OverriddenMethod is { } overrides)
                    overridden.Add(overrides);
                if (!hidden && !method.IsGenericMethod)
                    listed.Add(method);
            }
        }

        return listed;
    }
}
