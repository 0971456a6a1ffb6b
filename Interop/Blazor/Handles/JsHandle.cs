using System;

namespace Tether.Interop;

/// <summary>
/// A handle to a JS object or DOM element held by tether.js. <typeparamref name="T"/> names what it refers
/// to (for example <c>ElementReference</c>, or a marker type of your own); the value is a JS-safe integer.
/// </summary>
/// <param name="Value">The handle as tether.js issued it: generation * 2^20 + slot; never 0.</param>
public readonly record struct JsHandle<T>(long Value)
{
    /// <summary>Shows the kind and the value.</summary>
    public override string ToString() => $"JsHandle<{typeof(T).Name}>({Value})";
}
