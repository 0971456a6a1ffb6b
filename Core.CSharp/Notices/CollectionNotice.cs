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

    /// <summary>The scope the handle belonged to when it was collected, if any (the Wasm bridge filters on it).</summary>
    internal HandleScope? Scope { get; init; }

    /// <summary>Equal when they report the same handle and type.</summary>
    public bool Equals(CollectionNotice other) => Raw == other.Raw && Type == other.Type;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Raw, Type);
}
