using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.JSInterop;

namespace Tether.Interop;

/// <summary>
/// Which methods JS may call on an exposed object: the public instance methods of the exposed type that the
/// author marked <see cref="JSInvokableAttribute"/>, by their JS name (the attribute's identifier, or the
/// method's name) and arity. Nothing else: not <c>GetHashCode</c>, not <c>Dispose</c>, not a setter.
/// </summary>
internal static class CallableMethods
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<(string Name, int Arity), MethodInfo>> s_byRuntimeType = new();

    /// <summary>Records what JS may call on objects of <paramref name="runtimeType"/>, exposed as <typeparamref name="T"/>.</summary>
    public static void Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] T>(Type runtimeType)
    {
        var methods = new Dictionary<(string, int), MethodInfo>();
        foreach (var method in typeof(T).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<JSInvokableAttribute>() is not { } invokable || method.ContainsGenericParameters)
                continue;
            methods.TryAdd((invokable.Identifier ?? method.Name, method.GetParameters().Length), method);
        }

        // Exposing the same runtime type as several declared types joins their sets: every member of every
        // set is a method of the runtime type that its author marked callable.
        s_byRuntimeType.AddOrUpdate(
            runtimeType,
            methods,
            (_, known) =>
            {
                var joined = new Dictionary<(string, int), MethodInfo>(known);
                foreach (var (key, method) in methods)
                    joined.TryAdd(key, method);
                return joined;
            });
    }

    public static MethodInfo? Find(Type runtimeType, string name, int arity) =>
        s_byRuntimeType.TryGetValue(runtimeType, out var methods) && methods.TryGetValue((name, arity), out var method) ? method : null;
}
