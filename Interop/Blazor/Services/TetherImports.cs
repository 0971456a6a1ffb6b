using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using System.Threading.Tasks;

namespace Tether.Interop;

/// <summary>
/// tether.js's flat exports, called straight through [JSImport] on WebAssembly: numbers and strings in and
/// out, no JSON for handles, states and primitive values, no task. The module is registered as "tether" by
/// <see cref="JsBridge"/> (the same instance Blazor imported, so the tables are shared). A sentinel answer
/// (NaN, null, -1, 0) means "ask <see cref="LastCode"/> why".
/// </summary>
[SupportedOSPlatform("browser")]
internal static partial class TetherImports
{
    public const string Module = "tether";

    /// <summary>The codes tether.js answers beyond the states (which are <see cref="JsHandleState"/>'s numbers).</summary>
    public const int Error = 7, NoValue = 8, Kind = 9, Pending = 10;

    [JSImport("lastCode", Module)]
    public static partial int LastCode();

    [JSImport("lastMessage", Module)]
    public static partial string LastMessage();

    [JSImport("lastTicket", Module)]
    public static partial int LastTicket();

    [JSImport("stateOf", Module)]
    public static partial int State(int table, [JSMarshalAs<JSType.Number>] long handle, int type);

    [JSImport("typeOf", Module)]
    public static partial int TypeOf(int table, [JSMarshalAs<JSType.Number>] long handle);

    [JSImport("holdObject", Module)]
    [return: JSMarshalAs<JSType.Number>]
    public static partial long Hold(int table, JSObject value, bool weak, int type);

    [JSImport("dropOne", Module)]
    public static partial int Drop(int table, [JSMarshalAs<JSType.Number>] long handle, int type);

    [JSImport("loosenCode", Module)]
    public static partial int Loosen(int table, [JSMarshalAs<JSType.Number>] long handle, int type);

    [JSImport("tightenCode", Module)]
    public static partial int Tighten(int table, [JSMarshalAs<JSType.Number>] long handle, int type);

    [JSImport("getNumber", Module)]
    public static partial double GetNumber(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string name);

    [JSImport("getString", Module)]
    public static partial string? GetString(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string name);

    [JSImport("getBool", Module)]
    public static partial int GetBool(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string name);

    [JSImport("getJson", Module)]
    public static partial string? GetJson(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string name);

    [JSImport("invokeNumber", Module)]
    public static partial double InvokeNumber(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method,
        [JSMarshalAs<JSType.Array<JSType.Any>>] object?[] args, [JSMarshalAs<JSType.Array<JSType.Number>>] double[]? markers, bool allowPromise);

    [JSImport("invokeString", Module)]
    public static partial string? InvokeString(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method,
        [JSMarshalAs<JSType.Array<JSType.Any>>] object?[] args, [JSMarshalAs<JSType.Array<JSType.Number>>] double[]? markers, bool allowPromise);

    [JSImport("invokeBool", Module)]
    public static partial int InvokeBool(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method,
        [JSMarshalAs<JSType.Array<JSType.Any>>] object?[] args, [JSMarshalAs<JSType.Array<JSType.Number>>] double[]? markers, bool allowPromise);

    [JSImport("invokeJson", Module)]
    public static partial string? InvokeJson(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method,
        [JSMarshalAs<JSType.Array<JSType.Any>>] object?[] args, [JSMarshalAs<JSType.Array<JSType.Number>>] double[]? markers, bool allowPromise);

    [JSImport("invokeNumber0", Module)]
    public static partial double InvokeNumber0(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method, bool allowPromise);

    [JSImport("invokeString0", Module)]
    public static partial string? InvokeString0(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method, bool allowPromise);

    [JSImport("invokeBool0", Module)]
    public static partial int InvokeBool0(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method, bool allowPromise);

    [JSImport("invokeJson0", Module)]
    public static partial string? InvokeJson0(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method, bool allowPromise);

    [JSImport("invokeNone", Module)]
    public static partial int InvokeNone(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method,
        [JSMarshalAs<JSType.Array<JSType.Any>>] object?[] args, [JSMarshalAs<JSType.Array<JSType.Number>>] double[]? markers, bool allowPromise);

    [JSImport("invokeHold", Module)]
    [return: JSMarshalAs<JSType.Number>]
    public static partial long InvokeHold(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string method,
        [JSMarshalAs<JSType.Array<JSType.Any>>] object?[] args, [JSMarshalAs<JSType.Array<JSType.Number>>] double[]? markers, bool weak, int resultType, bool allowPromise);

    [JSImport("setValue", Module)]
    public static partial int Set(int table, [JSMarshalAs<JSType.Number>] long handle, int type, string name,
        [JSMarshalAs<JSType.Array<JSType.Any>>] object?[] args, [JSMarshalAs<JSType.Array<JSType.Number>>] double[]? markers);

    /// <summary>
    /// Waits for a call that answered <see cref="Pending"/>: its answer as the JSON envelope { state, value, message },
    /// or { state: 'timeout' } after <paramref name="timeoutMs"/> (negative: never). The timer lives in JS because
    /// it also keeps the waiting call reachable (see tether.js settle).
    /// </summary>
    [JSImport("settle", Module)]
    [return: JSMarshalAs<JSType.Promise<JSType.String>>]
    public static partial Task<string> Settle(int ticket, int mode, int table, bool weak, int resultType, double timeoutMs);
}
