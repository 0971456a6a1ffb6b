using System;
using System.Diagnostics.Contracts;

namespace Tether;

/// <summary>
/// A typed, generational handle to a resource of type <typeparamref name="T"/> in a <see cref="HandleTable"/>.
/// </summary>
/// <remarks>
/// A handle is a plain 8-byte value: copying it is free and it holds nothing alive. Only the table that
/// minted it can turn it back into its resource, and only while it is current. <c>default</c> is never a
/// valid handle; every table member answers it with <c>Unknown</c>.
/// </remarks>
/// <typeparam name="T">The type the resource was added as.</typeparam>
public readonly struct Handle<T> : IEquatable<Handle<T>>
    where T : class
{
    internal Handle(long raw) => Raw = raw;

    /// <summary>The raw form for the wire: a positive integer no larger than 2^53 - 1, or 0 for <c>default</c>.</summary>
    public long Raw { get; }

    /// <summary>Whether this is <c>default(Handle&lt;T&gt;)</c>, which no table ever issues.</summary>
    public bool IsDefault => Raw == 0;

    /// <summary>Whether two handles are the same handle: same table, slot, generation and type.</summary>
    [Pure]
    public bool Equals(Handle<T> other) => Raw == other.Raw;

    /// <inheritdoc />
    [Pure]
    public override bool Equals(object? obj) => obj is Handle<T> other && Equals(other);

    /// <inheritdoc />
    [Pure]
    public override int GetHashCode() => Raw.GetHashCode();

    /// <summary>Shows the type and the raw value, for logs and test output.</summary>
    [Pure]
    public override string ToString() => "Handle<" + typeof(T).Name + ">(" + Text.Of(Raw) + ")";

    /// <summary>Whether two handles are the same handle.</summary>
    public static bool operator ==(Handle<T> left, Handle<T> right) => left.Equals(right);

    /// <summary>Whether two handles differ.</summary>
    public static bool operator !=(Handle<T> left, Handle<T> right) => !left.Equals(right);
}
