using System;

namespace Tether.Interop;

/// <summary>
/// A handle to a JS object or DOM element held by tether.js for one <see cref="JsHandles"/> service.
/// <typeparamref name="T"/> names what it refers to (for example <c>ElementReference</c>, or a marker type of
/// your own), and tether.js checks it on every call: a handle cannot be retyped, and a handle of another
/// service (another circuit) answers <see cref="HandleError.WrongTable"/>.
/// </summary>
/// <remarks>
/// Only the service makes handles (<c>Hold</c>, <c>HoldElement</c>, <c>Resolve</c>). <c>default</c> is no handle:
/// every call with it answers <see cref="HandleError.Unknown"/>. To cross a boundary as a number, pass
/// <see cref="Value"/> and turn it back with <see cref="JsHandles.Resolve{T}(long, System.Threading.CancellationToken)"/>,
/// which checks it with tether.js. A handle crosses as a handle only as a top-level argument of a call: one inside
/// an array, a dictionary or an object is refused with <see cref="HandleError.InvalidArgument"/> naming where it was.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(NestedHandleRefusal))]
public readonly struct JsHandle<T> : IEquatable<JsHandle<T>>, IJsHandleArgument
{
    internal JsHandle(long value, JsHandles owner)
    {
        Value = value;
        Owner = owner;
    }

    /// <summary>The handle as tether.js issued it: generation * 2^20 + slot, a JS-safe integer; 0 for <c>default</c>.</summary>
    public long Value { get; }

    /// <summary>Whether this is <c>default</c> rather than a handle a service issued.</summary>
    public bool IsDefault => Owner is null;

    /// <summary>The service that issued it; null for <c>default</c>.</summary>
    internal JsHandles? Owner { get; }

    JsHandles? IJsHandleArgument.Owner => Owner;

    int IJsHandleArgument.TagIn(JsHandles owner) => owner.TagOf<T>();

    /// <summary>Same value, same service.</summary>
    public bool Equals(JsHandle<T> other) => Value == other.Value && ReferenceEquals(Owner, other.Owner);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JsHandle<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Same value, same service.</summary>
    public static bool operator ==(JsHandle<T> left, JsHandle<T> right) => left.Equals(right);

    /// <summary>Another value or another service.</summary>
    public static bool operator !=(JsHandle<T> left, JsHandle<T> right) => !left.Equals(right);

    /// <summary>Shows the kind and the value.</summary>
    public override string ToString() => IsDefault ? $"JsHandle<{typeof(T).Name}>(default)" : $"JsHandle<{typeof(T).Name}>({Value})";
}
