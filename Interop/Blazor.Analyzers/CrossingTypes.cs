using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Tether.Interop.Analyzers;

/// <summary>One type that crosses the JS boundary as JSON for a callable method: a parameter's, or its result's.</summary>
internal readonly struct Crossing
{
    public Crossing(IMethodSymbol method, IParameterSymbol? parameter, ITypeSymbol type)
    {
        Method = method;
        Parameter = parameter;
        Type = type;
    }

    public IMethodSymbol Method { get; }

    /// <summary>The parameter, or none for the result.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>The type JSON reads or writes: the parameter's, or the result's once awaited.</summary>
    public ITypeSymbol Type { get; }

    /// <summary>"Greeter.Buy's parameter 'order'", "Greeter.Buy's result".</summary>
    public string Role => Parameter is null ? $"{Names.Of(Method)}'s result" : $"{Names.Of(Method)}'s parameter '{Parameter.Name}'";

    /// <summary>Where the parameter (or the method, for its result) is declared, if in source.</summary>
    public Location? Declaration
    {
        get
        {
            foreach (var location in Parameter?.Locations ?? Method.Locations)
            {
                if (location.IsInSource)
                    return location;
            }

            return null;
        }
    }
}

/// <summary>
/// What crosses for a callable method, as Tether.Interop reads and writes it: each parameter, and the result once a
/// Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; is awaited (void, Task and ValueTask answer no value).
/// </summary>
internal static class CrossingTypes
{
    public static IEnumerable<Crossing> Of(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
            yield return new Crossing(method, parameter, parameter.Type);
        if (Awaited(method.ReturnType) is { } result)
            yield return new Crossing(method, null, result);
    }

    /// <summary>The value a method's result stands for: a task's result, none for void or a task without one.</summary>
    private static ITypeSymbol? Awaited(ITypeSymbol returnType)
    {
        if (returnType.SpecialType == SpecialType.System_Void)
            return null;
        if (returnType is INamedTypeSymbol { Name: "Task" or "ValueTask" } task
            && task.ContainingNamespace is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
            return task.Arity == 1 ? task.TypeArguments[0] : null;
        return returnType;
    }

    /// <summary>
    /// The types within a crossing type whose contracts reflection builds from their members, where no context covers
    /// them: the type itself, or, through arrays, nullables and the collections JSON makes itself, each element type
    /// that is such a type (the outermost one: a record's own members are its contract's business).
    /// </summary>
    public static List<ITypeSymbol> ReadByReflection(ITypeSymbol type, ContractCoverage coverage)
    {
        var found = new List<ITypeSymbol>();
        var pending = new Stack<ITypeSymbol>();
        pending.Push(type);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (coverage.Covers(current) || BuiltInTypes.HasConverter(current))
                continue;
            if (current is IArrayTypeSymbol array)
                pending.Push(array.ElementType);
            else if (current is INamedTypeSymbol named && BuiltInTypes.IsLookedThrough(named))
            {
                for (int i = named.TypeArguments.Length - 1; i >= 0; i--)
                    pending.Push(named.TypeArguments[i]);
            }
            else if (!found.Contains(current, SymbolEqualityComparer.Default))
                found.Add(current);
        }

        return found;
    }
}
