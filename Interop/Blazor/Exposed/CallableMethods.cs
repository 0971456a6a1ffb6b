using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.JSInterop;

namespace Tether.Interop;

/// <summary>
/// What JS may call on one exposed object: the public instance methods of the type it was exposed as that the
/// author marked <see cref="JSInvokableAttribute"/> on that very method (not inherited, as Blazor reads it),
/// by each of their JS names (the attribute's identifier, or the method's name) and arity. Nothing else: not
/// <c>GetHashCode</c>, not <c>Dispose</c>, not a setter, not a method of a wider type the same object was
/// exposed as elsewhere.
/// </summary>
internal sealed class CallableMethods
{
    // Keyed weakly by the declared type: a collectible (plugin, hot-reloaded) type can still unload; the
    // value's reference to the type does not keep the key alive.
    private static readonly ConditionalWeakTable<Type, CallableMethods> s_byDeclaredType = new();

    private readonly Dictionary<(string Name, int Arity), MethodInfo?> _methods;

    private CallableMethods(Dictionary<(string Name, int Arity), MethodInfo?> methods) => _methods = methods;

    /// <summary>The callable set of <typeparamref name="T"/>, or why it cannot be read (an attribute that throws, ...).</summary>
    public static CallableMethods Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] T>() =>
        s_byDeclaredType.GetValue(typeof(T), static _ => Read<T>());

    private static CallableMethods Read<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] T>()
    {
        var methods = new Dictionary<(string, int), MethodInfo?>();
        foreach (var method in typeof(T).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.ContainsGenericParameters)
                continue;
            int arity = method.GetParameters().Length;
            foreach (var invokable in method.GetCustomAttributes<JSInvokableAttribute>(inherit: false))
            {
                var key = (invokable.Identifier ?? method.Name, arity);
                // Two marked overloads with one JS name and arity: neither is called, and the call says so.
                methods[key] = methods.ContainsKey(key) ? null : method;
            }
        }

        return new CallableMethods(methods);
    }

    /// <summary>Both sets: an object exposed as two types is callable as either, as its author allowed.</summary>
    public CallableMethods Join(CallableMethods other)
    {
        if (ReferenceEquals(this, other))
            return this;
        var joined = new Dictionary<(string, int), MethodInfo?>(_methods);
        foreach (var (key, method) in other._methods)
            joined[key] = joined.TryGetValue(key, out var known) && !ReferenceEquals(known, method) ? null : method;
        return new CallableMethods(joined);
    }

    /// <summary>The method JS may call by this name and arity; null when there is none, or more than one.</summary>
    public MethodInfo? Find(string name, int arity, out bool ambiguous)
    {
        bool found = _methods.TryGetValue((name, arity), out var method);
        ambiguous = found && method is null;
        return method;
    }

    /// <summary>Whether a method's result is awaited before it crosses: Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
    public static bool IsAwaitable(Type returnType) =>
        returnType == typeof(Task) || returnType == typeof(ValueTask)
        || (returnType.IsGenericType && returnType.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>)));
}
