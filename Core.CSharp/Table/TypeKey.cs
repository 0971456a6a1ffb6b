using System;
using System.Collections.Generic;
using System.Threading;

namespace Tether;

/// <summary>
/// A small process-wide number per resource type, so a slot can remember its type in four bytes and a
/// lookup checks it with one integer compare.
/// </summary>
internal static class TypeKey
{
    private static readonly Lock Gate = new();
    private static readonly List<Type> Types = [typeof(void)];

    public static int Register(Type type)
    {
        lock (Gate)
        {
            Types.Add(type);
            return Types.Count - 1;
        }
    }

    public static Type TypeOf(int id)
    {
        lock (Gate)
        {
            return (uint)id < (uint)Types.Count ? Types[id] : typeof(void);
        }
    }
}

/// <summary>The number <see cref="TypeKey"/> gave to <typeparamref name="T"/>.</summary>
internal static class TypeKey<T>
{
    public static readonly int Id = TypeKey.Register(typeof(T));
}
