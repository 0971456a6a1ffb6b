using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Tether;

/// <summary>
/// A small process-wide number per resource type, so a slot can remember its type in four bytes and a
/// lookup checks it with one integer compare.
/// </summary>
/// <remarks>
/// Types are remembered weakly: a type from a collectible <c>AssemblyLoadContext</c> must be able to unload,
/// and its id is only ever needed while a slot of that type exists, which keeps the type alive through
/// its resource. An id is never reused. The lock is a <see cref="SpinGate"/>, never an interruptible wait.
/// </remarks>
internal static class TypeKey
{
    private static readonly SpinGate Gate = new();
    private static readonly List<WeakGCHandle<Type>> Types = [default];

    public static int Register(Type type)
    {
        // The GC handle is made before the lock; if the list cannot grow, it is freed again, not leaked.
        var handle = new WeakGCHandle<Type>(type);
        try
        {
            using (Gate.Enter())
            {
                Types.Add(handle);
                return Types.Count - 1;
            }
        }
        catch (OutOfMemoryException)
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The type of an id, or <see cref="object"/> when the id is unknown or its type has unloaded.</summary>
    public static Type TypeOf(int id)
    {
        using (Gate.Enter())
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
