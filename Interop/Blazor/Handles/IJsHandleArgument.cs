namespace Tether.Interop;

/// <summary>
/// What a call needs of a <see cref="JsHandle{T}"/> found among its arguments (boxed, so its type argument is
/// unknown there): its value, its service, and the type tag tether.js checks when it revives it.
/// </summary>
internal interface IJsHandleArgument
{
    /// <summary>The handle's value.</summary>
    long Value { get; }

    /// <summary>The service that issued it; null for <c>default</c>.</summary>
    JsHandles? Owner { get; }

    /// <summary>The tag of the handle's type in <paramref name="owner"/>.</summary>
    int TagIn(JsHandles owner);
}
