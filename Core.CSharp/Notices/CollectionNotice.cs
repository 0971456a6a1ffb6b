using System;

namespace Tether;

/// <summary>The GC collected the resource behind a weak handle that was still current.</summary>
/// <param name="Raw">The raw value of the handle.</param>
/// <param name="Type">The type the resource was added as.</param>
public readonly record struct CollectionNotice(long Raw, Type Type)
{
    /// <summary>The type the resource was added as; <see cref="object"/> for <c>default</c> or a null type.</summary>
    public Type Type
    {
        get => field ?? typeof(object);
        init => field = value;
    } = Type;
}
