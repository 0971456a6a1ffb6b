using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.JSInterop;
using static LanguageExt.Prelude;

namespace Tether.Interop;

/// <summary>
/// The synchronous face of a <see cref="JsHandles"/> service on WebAssembly, from <see cref="JsHandles.InProcess"/>
/// once <see cref="JsHandles.Connect"/> has succeeded. Each member answers at once, through [JSImport] calls
/// into tether.js: no JSON for handles, states and primitive results, no task. Same handles, same table, same
/// errors as the async members.
/// </summary>
/// <remarks>
/// Results of type <see cref="double"/>, <see cref="float"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="string"/> and <see cref="bool"/> cross as themselves; any other type crosses as JSON read with
/// <see cref="JsHandlesOptions.Json"/>, as on the async path. Arguments that are null, strings, booleans,
/// numbers, <see cref="JSObject"/>s or <see cref="JsHandle{T}"/>s cross as themselves; a call with any other
/// argument goes through synchronous in-process interop (Blazor's JSON). A method that answers a promise
/// answers <see cref="InteropError.JsError"/> to <c>Invoke</c> (nothing synchronous can wait for it: use the
/// async member); <c>InvokeVoid</c> lets it run, and ignores its rejection.
/// </remarks>
public sealed class JsInProcessHandles
{
    private readonly JsHandles _owner;
    private readonly JsBridge _bridge;

    internal JsInProcessHandles(JsHandles owner, JsBridge bridge)
    {
        _owner = owner;
        _bridge = bridge;
    }

    // ---- holding ----------------------------------------------------------------------------------

    /// <summary>
    /// Holds a JS object (from a [JSImport] call) as a <typeparamref name="T"/>. The <see cref="JSObject"/> stays
    /// yours: the runtime hands out one proxy per JS object, so disposing it here could break another holder of the
    /// same object. A JSObject keeps its JS object alive: a weak hold is weak once you dispose it.
    /// </summary>
    public Fin<JsHandle<T>> Hold<T>(JSObject obj, Hold hold = Tether.Hold.Strong)
    {
        if (obj is null)
            return Fin<JsHandle<T>>.Fail(new HandleError.NullResource(typeof(T)));
        if (!OperatingSystem.IsBrowser())
            return Fin<JsHandle<T>>.Fail(NotHere());
        try
        {
            if (hold is not (Tether.Hold.Strong or Tether.Hold.Weak))
                return Fin<JsHandle<T>>.Fail(new HandleError.InvalidArgument($"{(int)hold} is not a Hold."));
            if (obj.IsDisposed)
                return Fin<JsHandle<T>>.Fail(new HandleError.InvalidArgument("the JSObject is disposed."));
            if (Table() is not int table)
                return Fin<JsHandle<T>>.Fail(new InteropError.Disconnected(0));
            long code = TetherImports.Hold(table, obj, hold == Tether.Hold.Weak, _owner.TagOf<T>());
            _bridge.Counted();
            return _owner.FromHoldCode<T>(code);
        }
        catch (Exception e)
        {
            return Fin<JsHandle<T>>.Fail(Classify(e, 0));
        }
    }

    /// <summary>
    /// Turns a number back into a handle, checking with tether.js that it is current and held as a
    /// <typeparamref name="T"/>. A detached or collected object still resolves (its handle is still current).
    /// </summary>
    public Fin<JsHandle<T>> Resolve<T>(long value)
    {
        if (value <= 0 || value > JsHandles.JsSafeMax)
            return Fin<JsHandle<T>>.Fail(new HandleError.Unknown(value));
        if (!OperatingSystem.IsBrowser())
            return Fin<JsHandle<T>>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<JsHandle<T>>.Fail(new InteropError.Disconnected(value));
        try
        {
            var state = (JsHandleState)TetherImports.State(table, value, _owner.TagOf<T>());
            _bridge.Counted();
            return state is JsHandleState.Alive or JsHandleState.Detached or JsHandleState.Collected
                ? Fin<JsHandle<T>>.Succ(new JsHandle<T>(value, _owner))
                : FailWith<T, JsHandle<T>>(table, value, state);
        }
        catch (Exception e)
        {
            return Fin<JsHandle<T>>.Fail(Classify(e, value));
        }
    }

    // ---- reading and calling -------------------------------------------------------------------

    /// <summary>What tether.js knows of a handle now (a detached element says so before any GC).</summary>
    public Fin<JsHandleState> State<T>(JsHandle<T> handle)
    {
        if (_owner.Check(handle) is { } invalid)
            return Fin<JsHandleState>.Fail(invalid);
        if (!OperatingSystem.IsBrowser())
            return Fin<JsHandleState>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<JsHandleState>.Fail(new InteropError.Disconnected(handle.Value));
        try
        {
            var state = (JsHandleState)TetherImports.State(table, handle.Value, _owner.TagOf<T>());
            _bridge.Counted();
            return state is JsHandleState.WrongType or JsHandleState.Disposed or < JsHandleState.Unknown or > JsHandleState.Disposed
                ? FailWith<T, JsHandleState>(table, handle.Value, state)
                : Fin<JsHandleState>.Succ(state);
        }
        catch (Exception e)
        {
            return Fin<JsHandleState>.Fail(Classify(e, handle.Value));
        }
    }

    /// <summary>Reads a property of the object behind a handle (null or undefined answers <see cref="InteropError.NoValue"/>).</summary>
    public Fin<TResult> Get<T, TResult>(JsHandle<T> handle, string property) => GetCore<T, TResult>(handle, property, out _);

    /// <summary>Reads a property of the object behind a handle; null or undefined is <c>None</c>.</summary>
    public Fin<Option<TResult>> GetOptional<T, TResult>(JsHandle<T> handle, string property)
    {
        var answer = GetCore<T, TResult>(handle, property, out bool none);
        return none ? Fin<Option<TResult>>.Succ(None) : answer.Map(Some);
    }

    /// <summary>
    /// Get, answering the value itself (no Option to wrap and unwrap on the common path: this is the hot one);
    /// <paramref name="none"/> says a NoValue error stands for null or undefined.
    /// </summary>
    private Fin<TResult> GetCore<T, TResult>(JsHandle<T> handle, string property, out bool none)
    {
        none = false;
        if (_owner.Check(handle) is { } invalid)
            return Fin<TResult>.Fail(invalid);
        if (property is null)
            return Fin<TResult>.Fail(new HandleError.InvalidArgument("the property name is null."));
        if (!OperatingSystem.IsBrowser())
            return Fin<TResult>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<TResult>.Fail(new InteropError.Disconnected(handle.Value));
        long h = handle.Value;
        try
        {
            int tag = _owner.TagOf<T>();
            _bridge.Counted();
            switch (Kinds<TResult>.Kind)
            {
                case ResultKind.Number:
                    double number = TetherImports.GetNumber(table, h, tag, property);
                    return double.IsNaN(number) ? Failure<T, TResult>(table, h, property, out none, out _) : FromNumber<TResult>(number, h);
                case ResultKind.String:
                    string? text = TetherImports.GetString(table, h, tag, property);
                    return text is null ? Failure<T, TResult>(table, h, property, out none, out _) : Fin<TResult>.Succ((TResult)(object)text);
                case ResultKind.Bool:
                    int flag = TetherImports.GetBool(table, h, tag, property);
                    return flag < 0 ? Failure<T, TResult>(table, h, property, out none, out _) : Fin<TResult>.Succ((TResult)(object)(flag == 1));
                default:
                    string? json = TetherImports.GetJson(table, h, tag, property);
                    return json is null ? Failure<T, TResult>(table, h, property, out none, out _) : FromJson<TResult>(json, h);
            }
        }
        catch (Exception e)
        {
            return Fin<TResult>.Fail(Classify(e, h));
        }
    }

    /// <summary>Calls a method of the object behind a handle and reads its result (null or undefined answers <see cref="InteropError.NoValue"/>).</summary>
    public Fin<TResult> Invoke<T, TResult>(JsHandle<T> handle, string method, params object?[] args) => InvokeCore<T, TResult>(handle, method, args, out _);

    /// <summary>Calls a method of the object behind a handle; a null or undefined result is <c>None</c>.</summary>
    public Fin<Option<TResult>> InvokeOptional<T, TResult>(JsHandle<T> handle, string method, params object?[] args)
    {
        var answer = InvokeCore<T, TResult>(handle, method, args, out bool none);
        return none ? Fin<Option<TResult>>.Succ(None) : answer.Map(Some);
    }

    private Fin<TResult> InvokeCore<T, TResult>(JsHandle<T> handle, string method, object?[]? args, out bool none)
    {
        none = false;
        if (CheckCall(handle, method, args) is { } invalid)
            return Fin<TResult>.Fail(invalid);
        if (!OperatingSystem.IsBrowser())
            return Fin<TResult>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<TResult>.Fail(new InteropError.Disconnected(handle.Value));
        if (TryInvoke<T, TResult>(table, handle, method, args, allowPromise: false, out none, out _) is { } answer)
            return answer;
        var optional = InProcess(table, handle, "invokeSync", (module, tag) =>
            Open<T, TResult>(table, InProcessCall<JsonElement>(module, "invokeSync", table, handle.Value, tag, method, JsArguments.ForJson(_owner, args), true), handle.Value));
        none = optional.Match(o => o.IsNone, _ => false);
        return JsHandles.Required(optional, handle.Value, method);
    }

    /// <summary>Calls a method of the object behind a handle and ignores its result, which never crosses the boundary.</summary>
    public Fin<Unit> InvokeVoid<T>(JsHandle<T> handle, string method, params object?[] args)
    {
        if (CheckCall(handle, method, args) is { } invalid)
            return Fin<Unit>.Fail(invalid);
        if (!OperatingSystem.IsBrowser())
            return Fin<Unit>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<Unit>.Fail(new InteropError.Disconnected(handle.Value));
        return TryInvokeVoid(table, handle, method, args, allowPromise: false, out _)
            ?? InProcess(table, handle, "invokeSync", (module, tag) =>
                Open<T, JsonElement>(table, InProcessCall<JsonElement>(module, "invokeSync", table, handle.Value, tag, method, JsArguments.ForJson(_owner, args), false), handle.Value).Map(_ => unit));
    }

    /// <summary>
    /// Calls a method of the object behind a handle and holds its result as a <typeparamref name="TResult"/> in
    /// the same table (<c>canvas.getContext('2d')</c>); the result never crosses. A null or undefined result
    /// answers <see cref="InteropError.NoValue"/>, and nothing is held.
    /// </summary>
    public Fin<JsHandle<TResult>> InvokeAndHold<T, TResult>(JsHandle<T> handle, string method, Hold hold, params object?[] args)
    {
        if (CheckCall(handle, method, args) is { } invalid)
            return Fin<JsHandle<TResult>>.Fail(invalid);
        if (hold is not (Tether.Hold.Strong or Tether.Hold.Weak))
            return Fin<JsHandle<TResult>>.Fail(new HandleError.InvalidArgument($"{(int)hold} is not a Hold."));
        if (!OperatingSystem.IsBrowser())
            return Fin<JsHandle<TResult>>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<JsHandle<TResult>>.Fail(new InteropError.Disconnected(handle.Value));
        bool weak = hold == Tether.Hold.Weak;
        return TryInvokeAndHold<T, TResult>(table, handle, method, weak, args, allowPromise: false, out _)
            ?? InProcess(table, handle, "invokeAndHoldSync", (module, tag) =>
                _owner.HeldResult<TResult>(Open<T, long>(table, InProcessCall<JsonElement>(module, "invokeAndHoldSync", table, handle.Value, tag, method, JsArguments.ForJson(_owner, args), weak, _owner.TagOf<TResult>()), handle.Value), handle.Value, method));
    }

    /// <summary>Sets a property of the object behind a handle; a <see cref="JsHandle{T}"/> value sets the object it holds.</summary>
    public Fin<Unit> Set<T, TValue>(JsHandle<T> handle, string property, TValue value)
    {
        if (_owner.Check(handle) is { } invalid)
            return Fin<Unit>.Fail(invalid);
        if (property is null)
            return Fin<Unit>.Fail(new HandleError.InvalidArgument("the property name is null."));
        object?[] args = [value];
        if (JsArguments.Check(_owner, args) is { } badValue)
            return Fin<Unit>.Fail(badValue);
        if (!OperatingSystem.IsBrowser())
            return Fin<Unit>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<Unit>.Fail(new InteropError.Disconnected(handle.Value));
        if (!JsArguments.TryFlat(_owner, args, out var flat, out var markers))
        {
            return InProcess(table, handle, "setProperty", (module, tag) =>
                Open<T, JsonElement>(table, InProcessCall<JsonElement>(module, "setProperty", table, handle.Value, tag, property, JsArguments.ForJson(_owner, (object?)value)), handle.Value).Map(_ => unit));
        }

        try
        {
            int code = TetherImports.Set(table, handle.Value, _owner.TagOf<T>(), property, flat, markers);
            _bridge.Counted();
            return code == (int)JsHandleState.Alive ? Fin<Unit>.Succ(unit) : FailCode<T, Unit>(table, handle.Value, code);
        }
        catch (Exception e)
        {
            return Fin<Unit>.Fail(Classify(e, handle.Value));
        }
    }

    // ---- ending and changing holds ----------------------------------------------------------------

    /// <summary>Ends a handle. A collected or detached object's handle ends too (and says nothing more).</summary>
    public Fin<Unit> Drop<T>(JsHandle<T> handle) => Rehold(handle, 0);

    /// <summary>Holds weakly from now on: the JS garbage collector may collect the object. A detached element is loosened too (and answers success).</summary>
    public Fin<Unit> Loosen<T>(JsHandle<T> handle) => Rehold(handle, 1);

    /// <summary>Holds strongly again, if the object still lives (a detached element does, and is tightened).</summary>
    public Fin<Unit> Tighten<T>(JsHandle<T> handle) => Rehold(handle, 2);

    private Fin<Unit> Rehold<T>(JsHandle<T> handle, int what)
    {
        if (_owner.Check(handle) is { } invalid)
            return Fin<Unit>.Fail(invalid);
        if (!OperatingSystem.IsBrowser())
            return Fin<Unit>.Fail(NotHere());
        if (Table() is not int table)
            return Fin<Unit>.Fail(new InteropError.Disconnected(handle.Value));
        try
        {
            int tag = _owner.TagOf<T>();
            var state = (JsHandleState)(what switch
            {
                0 => TetherImports.Drop(table, handle.Value, tag),
                1 => TetherImports.Loosen(table, handle.Value, tag),
                _ => TetherImports.Tighten(table, handle.Value, tag),
            });
            _bridge.Counted();
            // A drop ends a collected handle too; loosen and tighten change a detached element's hold.
            bool done = what == 0
                ? state is JsHandleState.Alive or JsHandleState.Collected or JsHandleState.Detached
                : state is JsHandleState.Alive or JsHandleState.Detached;
            return done ? Fin<Unit>.Succ(unit) : FailWith<T, Unit>(table, handle.Value, state);
        }
        catch (Exception e)
        {
            return Fin<Unit>.Fail(Classify(e, handle.Value));
        }
    }

    // ---- the cores the async members share (they allow a promise, and await its ticket) --------------

    /// <summary>
    /// Invoke on the [JSImport] path; null when an argument cannot cross flat (the caller takes the JSON path).
    /// <paramref name="none"/> says a NoValue error stands for null or undefined. With <paramref name="allowPromise"/>,
    /// a promise result answers a <paramref name="ticket"/> to settle.
    /// </summary>
    [SupportedOSPlatform("browser")]
    internal Fin<TResult>? TryInvoke<T, TResult>(int table, JsHandle<T> handle, string method, object?[]? args, bool allowPromise, out bool none, out int ticket)
    {
        none = false;
        ticket = 0;
        bool noArgs = args is null || args.Length == 0;
        object?[] flat = [];
        double[]? markers = null;
        if (!noArgs && !JsArguments.TryFlat(_owner, args, out flat, out markers))
            return null;
        long h = handle.Value;
        try
        {
            int tag = _owner.TagOf<T>();
            _bridge.Counted();
            // No arguments is the common case: the variants without an array skip marshalling one (an unmanaged
            // buffer per call).
            switch (Kinds<TResult>.Kind)
            {
                case ResultKind.Number:
                    double number = noArgs ? TetherImports.InvokeNumber0(table, h, tag, method, allowPromise) : TetherImports.InvokeNumber(table, h, tag, method, flat, markers, allowPromise);
                    return double.IsNaN(number) ? Failure<T, TResult>(table, h, method, out none, out ticket) : FromNumber<TResult>(number, h);
                case ResultKind.String:
                    string? text = noArgs ? TetherImports.InvokeString0(table, h, tag, method, allowPromise) : TetherImports.InvokeString(table, h, tag, method, flat, markers, allowPromise);
                    return text is null ? Failure<T, TResult>(table, h, method, out none, out ticket) : Fin<TResult>.Succ((TResult)(object)text);
                case ResultKind.Bool:
                    int flag = noArgs ? TetherImports.InvokeBool0(table, h, tag, method, allowPromise) : TetherImports.InvokeBool(table, h, tag, method, flat, markers, allowPromise);
                    return flag < 0 ? Failure<T, TResult>(table, h, method, out none, out ticket) : Fin<TResult>.Succ((TResult)(object)(flag == 1));
                default:
                    string? json = noArgs ? TetherImports.InvokeJson0(table, h, tag, method, allowPromise) : TetherImports.InvokeJson(table, h, tag, method, flat, markers, allowPromise);
                    return json is null ? Failure<T, TResult>(table, h, method, out none, out ticket) : FromJson<TResult>(json, h);
            }
        }
        catch (Exception e)
        {
            return Fin<TResult>.Fail(Classify(e, h));
        }
    }

    /// <summary>InvokeVoid on the [JSImport] path; null when an argument cannot cross flat.</summary>
    [SupportedOSPlatform("browser")]
    internal Fin<Unit>? TryInvokeVoid<T>(int table, JsHandle<T> handle, string method, object?[]? args, bool allowPromise, out int ticket)
    {
        ticket = 0;
        if (!JsArguments.TryFlat(_owner, args, out var flat, out var markers))
            return null;
        try
        {
            int code = TetherImports.InvokeNone(table, handle.Value, _owner.TagOf<T>(), method, flat, markers, allowPromise);
            _bridge.Counted();
            if (code == TetherImports.Pending)
            {
                ticket = TetherImports.LastTicket();
                return Fin<Unit>.Succ(unit);
            }

            return code == (int)JsHandleState.Alive ? Fin<Unit>.Succ(unit) : FailCode<T, Unit>(table, handle.Value, code);
        }
        catch (Exception e)
        {
            return Fin<Unit>.Fail(Classify(e, handle.Value));
        }
    }

    /// <summary>InvokeAndHold on the [JSImport] path; null when an argument cannot cross flat.</summary>
    [SupportedOSPlatform("browser")]
    internal Fin<JsHandle<TResult>>? TryInvokeAndHold<T, TResult>(int table, JsHandle<T> handle, string method, bool weak, object?[]? args, bool allowPromise, out int ticket)
    {
        ticket = 0;
        if (!JsArguments.TryFlat(_owner, args, out var flat, out var markers))
            return null;
        long h = handle.Value;
        try
        {
            long code = TetherImports.InvokeHold(table, h, _owner.TagOf<T>(), method, flat, markers, weak, _owner.TagOf<TResult>(), allowPromise);
            _bridge.Counted();
            if (code != 0)
                return _owner.FromHoldCode<TResult>(code);
            int why = TetherImports.LastCode();
            if (why == TetherImports.Pending)
            {
                ticket = TetherImports.LastTicket();
                return Fin<JsHandle<TResult>>.Fail(new InteropError.JsError(h, "pending"));
            }

            return why == TetherImports.NoValue
                ? Fin<JsHandle<TResult>>.Fail(new InteropError.NoValue(h, method))
                : FailCode<T, JsHandle<TResult>>(table, h, why);
        }
        catch (Exception e)
        {
            return Fin<JsHandle<TResult>>.Fail(Classify(e, h));
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /// <summary>The table while the fast path is up; null once the service is disposed (its connection is gone).</summary>
    private int? Table() => _bridge.Current is { Fast: true } connection ? connection.Table : null;

    private Error NotHere() => new InteropError.NotInProcess("this is not WebAssembly.");

    private Error? CheckCall<T>(JsHandle<T> handle, string method, object?[]? args) =>
        _owner.Check(handle)
        ?? (method is null ? new HandleError.InvalidArgument("the method name is null.") : null)
        ?? JsArguments.Check(_owner, args);

    /// <summary>A call through Blazor's synchronous in-process interop, for arguments that only JSON can carry.</summary>
    private Fin<TAnswer> InProcess<T, TAnswer>(int table, JsHandle<T> handle, string function, Func<IJSInProcessObjectReference, int, Fin<TAnswer>> call)
    {
        if (_bridge.Current is not { Module: IJSInProcessObjectReference module })
            return Fin<TAnswer>.Fail(new InteropError.Disconnected(handle.Value));
        try
        {
            var answer = call(module, _owner.TagOf<T>());
            _bridge.Counted();
            return answer;
        }
        catch (Exception e)
        {
            return Fin<TAnswer>.Fail(Classify(e, handle.Value));
        }
    }

    /// <summary>
    /// Blazor's synchronous in-process call. The arguments are serialized by the runtime's own JSON options,
    /// exactly as IJSObjectReference.InvokeAsync serializes them on the async path; the answers asked for
    /// (JsonElement, long) are in Blazor's generated contracts.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Same argument serialization as IJSObjectReference.InvokeAsync on the async path; the result types are JsonElement and long.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Same argument serialization as IJSObjectReference.InvokeAsync on the async path; the result types are JsonElement and long.")]
    internal static TValue InProcessCall<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)] TValue>(
        IJSInProcessObjectReference module, string identifier, params object?[] args) =>
        module.Invoke<TValue>(identifier, args);

    /// <summary>Reads an in-process answer { state, value, message }, as the async path does.</summary>
    private Fin<Option<TResult>> Open<T, TResult>(int table, JsonElement json, long handle)
    {
        string? state = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        switch (state)
        {
            case "alive":
                if (!json.TryGetProperty("value", out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                    return Fin<Option<TResult>>.Succ(None);
                return _owner.Json.Read<TResult>(value, handle).Map(Some);
            case "error":
                string message = json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "unknown JS error";
                return Fin<Option<TResult>>.Fail(new InteropError.JsError(handle, message));
            default:
                return OperatingSystem.IsBrowser()
                    ? FailWith<T, Option<TResult>>(table, handle, JsHandles.ParseState(state))
                    : Fin<Option<TResult>>.Fail(NotHere());
        }
    }

    /// <summary>
    /// Why a sentinel answer was one (tether.js's lastCode): null or undefined is NoValue with <paramref name="none"/>
    /// set; a promise answers its <paramref name="ticket"/>.
    /// </summary>
    [SupportedOSPlatform("browser")]
    private Fin<TResult> Failure<T, TResult>(int table, long handle, string member, out bool none, out int ticket)
    {
        none = false;
        ticket = 0;
        int code = TetherImports.LastCode();
        switch (code)
        {
            case TetherImports.Pending:
                ticket = TetherImports.LastTicket();
                return Fin<TResult>.Fail(new InteropError.JsError(handle, "pending"));
            case TetherImports.NoValue:
                none = true;
                return Fin<TResult>.Fail(new InteropError.NoValue(handle, member));
            case TetherImports.Kind:
                return Fin<TResult>.Fail(new InteropError.Serialization(handle, typeof(TResult), $"JS answered {TetherImports.LastMessage()}"));
            default:
                return FailCode<T, TResult>(table, handle, code);
        }
    }

    /// <summary>The error for a code that is a state (not alive) or ERROR.</summary>
    [SupportedOSPlatform("browser")]
    private Fin<TAnswer> FailCode<T, TAnswer>(int table, long handle, int code) => code switch
    {
        TetherImports.Error => Fin<TAnswer>.Fail(new InteropError.JsError(handle, TetherImports.LastMessage())),
        >= (int)JsHandleState.Unknown and <= (int)JsHandleState.Disposed and not (int)JsHandleState.Alive => FailWith<T, TAnswer>(table, handle, (JsHandleState)code),
        _ => Fin<TAnswer>.Fail(new InteropError.JsError(handle, $"tether.js answered code {code}")),
    };

    /// <summary>The error for a handle that is not alive; a wrong type asks tether.js what the handle is held as.</summary>
    [SupportedOSPlatform("browser")]
    private Fin<TAnswer> FailWith<T, TAnswer>(int table, long handle, JsHandleState state)
    {
        if (state != JsHandleState.WrongType)
            return Fin<TAnswer>.Fail(JsHandles.ErrorOf<T>(handle, state));
        int tag = TetherImports.TypeOf(table, handle);
        return Fin<TAnswer>.Fail(new HandleError.WrongType(handle, typeof(T), _owner.TypeOfTag(tag)));
    }

    /// <summary>A JS number as the type asked for, with JSON's rules: an integer type takes only an integer in its range.</summary>
    private static Fin<TResult> FromNumber<TResult>(double number, long handle)
    {
        // Reinterpreted, not boxed: the kind says TResult is exactly that type (the browser's interpreter pays
        // for every box and type test on this path).
        bool integral = number % 1 == 0;
        switch (Kinds<TResult>.Number)
        {
            case NumberKind.Double:
                return Fin<TResult>.Succ(Unsafe.As<double, TResult>(ref number));
            case NumberKind.Single:
                float single = (float)number;
                return Fin<TResult>.Succ(Unsafe.As<float, TResult>(ref single));
            case NumberKind.Int32 when integral && number is >= int.MinValue and <= int.MaxValue:
                int int32 = (int)number;
                return Fin<TResult>.Succ(Unsafe.As<int, TResult>(ref int32));
            case NumberKind.Int64 when integral && number is >= -JsHandles.JsSafeMax and <= JsHandles.JsSafeMax:
                long int64 = (long)number;
                return Fin<TResult>.Succ(Unsafe.As<long, TResult>(ref int64));
            default:
                return Fin<TResult>.Fail(new InteropError.Serialization(handle, typeof(TResult), $"the JS number {number} is not a {typeof(TResult).Name}"));
        }
    }

    private Fin<TResult> FromJson<TResult>(string json, long handle)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return _owner.Json.Read<TResult>(document.RootElement, handle);
        }
        catch (Exception e)
        {
            return Fin<TResult>.Fail(new InteropError.Serialization(handle, typeof(TResult), e.Message));
        }
    }

    private Error Classify(Exception e, long handle) => InteropFailures.Classify(e, handle, default, _bridge.Timeout);

    private enum ResultKind
    {
        Json,
        Number,
        String,
        Bool,
    }

    /// <summary>How a result type crosses, worked out once per type.</summary>
    private static class Kinds<TResult>
    {
        public static readonly ResultKind Kind =
            typeof(TResult) == typeof(double) || typeof(TResult) == typeof(float) || typeof(TResult) == typeof(int) || typeof(TResult) == typeof(long) ? ResultKind.Number
            : typeof(TResult) == typeof(string) ? ResultKind.String
            : typeof(TResult) == typeof(bool) ? ResultKind.Bool
            : ResultKind.Json;

        public static readonly NumberKind Number =
            typeof(TResult) == typeof(double) ? NumberKind.Double
            : typeof(TResult) == typeof(float) ? NumberKind.Single
            : typeof(TResult) == typeof(int) ? NumberKind.Int32
            : typeof(TResult) == typeof(long) ? NumberKind.Int64
            : NumberKind.None;
    }

    private enum NumberKind
    {
        None,
        Double,
        Single,
        Int32,
        Int64,
    }
}
