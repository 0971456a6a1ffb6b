using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// A small process-wide number per resource type, so a slot can remember its type in four bytes and a
/// lookup checks it with one integer compare.
/// </summary>
/// <remarks>
/// Types are remembered weakly: a type from a collectible <c>AssemblyLoadContext</c> must be able to unload,
/// and its id is only ever needed while a slot of that type exists, which keeps the type alive through
/// its resource. An id is never reused.
/// </remarks>
internal static class TypeKey
{
    private static readonly Lock Gate = new();
    private static readonly List<WeakGCHandle<Type>> Types = [default];

    public static int Register(Type type)
    {
        lock (Gate)
        {
            Types.Add(new WeakGCHandle<Type>(type));
            return Types.Count - 1;
        }
    }

    /// <summary>The type of an id, or <see cref="object"/> when the id is unknown or its type has unloaded.</summary>
    public static Type TypeOf(int id)
    {
        lock (Gate)
        {
            return id > 0 && id < Types.Count && Types[id].TryGetTarget(out var type) ? type : typeof(object);
        }
    }
}

/// <summary>The number <see cref="TypeKey"/> gave to <typeparamref name="T"/>.</summary>
internal static class TypeKey<T>
{
    public static readonly int Id = TypeKey.Register(typeof(T));
}
