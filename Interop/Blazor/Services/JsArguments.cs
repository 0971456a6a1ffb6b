using System;
using System.Text.Json;
using LanguageExt.Common;

namespace Tether.Interop;

/// <summary>
/// The arguments of a call through a handle: handles among them checked before anything is sent, then
/// written either as JSON markers (the IJSRuntime path, and WebAssembly's in-process JSON calls) carrying the
/// service's brand, or flat, as numbers and a list of where the handles are (the [JSImport] path, where only
/// that list makes an argument a handle, so it needs no brand). Only top-level arguments cross as handles: a
/// handle inside an array or an object is refused as the arguments are written (<see cref="JsArgumentList"/>).
/// </summary>
internal static class JsArguments
{
    /// <summary>Why the arguments cannot be sent (a default handle, a handle of another service), or null.</summary>
    public static Error? Check(JsHandles owner, object?[]? args)
    {
        if (args is null)
            return null;
        foreach (var arg in args)
        {
            if (arg is not IJsHandleArgument handle)
                continue;
            if (handle.Owner is null)
                return new HandleError.Unknown(handle.Value);
            if (!ReferenceEquals(handle.Owner, owner))
                return new HandleError.WrongTable(handle.Value);
        }

        return null;
    }

    /// <summary>The arguments for the JSON path: each handle as a marker tether.js revives. Checked first (<see cref="Check"/>).</summary>
    public static JsArgumentList ForJson(JsHandles owner, object?[]? args)
    {
        if (args is null)
            return new JsArgumentList([], single: false);
        object?[]? mapped = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is not IJsHandleArgument handle)
                continue;
            mapped ??= (object?[])args.Clone();
            mapped[i] = Marker(handle, owner);
        }

        return new JsArgumentList(mapped ?? args, single: false);
    }

    /// <summary>One value for the JSON path (a property's new value): a handle as a marker.</summary>
    public static object? ForJson(JsHandles owner, object? value) =>
        value is IJsHandleArgument handle ? Marker(handle, owner) : new JsArgumentList([value], single: true);

    private static JsonElement Marker(IJsHandleArgument handle, JsHandles owner) =>
        // Through the generated contract: the marker needs no reflection, in a trimmed app either.
        JsonSerializer.SerializeToElement(new HandleMarker(handle.Value, handle.TagIn(owner), owner.MarkerBrand), TetherJsonContext.Default.HandleMarker);

    /// <summary>
    /// The arguments for the [JSImport] path, when every one can cross as a JS primitive (null, string, bool,
    /// a number that JS represents exactly, a JSObject) or is a handle, which crosses as its number with its
    /// index and tag in <paramref name="markers"/>; false otherwise, and the caller takes the JSON path.
    /// </summary>
    public static bool TryFlat(JsHandles owner, object?[]? args, out object?[] flat, out double[]? markers)
    {
        markers = null;
        if (args is null || args.Length == 0)
        {
            flat = [];
            return true;
        }

        flat = args;
        int handles = 0;
        bool copy = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case null or string or bool or int or double or float or short or byte:
                    break;
                case long l when l is >= -JsSafe and <= JsSafe:
                    copy = true; // the marshaller has no Int52 for a boxed long: it crosses as a double
                    break;
                case IJsHandleArgument:
                    handles++;
                    break;
                default:
                    if (!IsJSObject(arg))
                        return false;
                    break;
            }
        }

        if (handles == 0 && !copy)
            return true;
        flat = new object?[args.Length];
        if (handles > 0)
            markers = new double[handles * 2];
        int m = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case IJsHandleArgument handle:
                    flat[i] = (double)handle.Value;
                    markers![m++] = i;
                    markers[m++] = handle.TagIn(owner);
                    break;
                case long l:
                    flat[i] = (double)l;
                    break;
                default:
                    flat[i] = args[i];
                    break;
            }
        }

        return true;
    }

    private const long JsSafe = (1L << 53) - 1;

    private static bool IsJSObject(object arg) =>
        OperatingSystem.IsBrowser() && arg is System.Runtime.InteropServices.JavaScript.JSObject;
}
