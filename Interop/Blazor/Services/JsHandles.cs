using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using static LanguageExt.Prelude;

namespace Tether.Interop;

/// <summary>
/// Holds JS objects and DOM elements for .NET, strongly or weakly, through tether.js; and exposes .NET
/// objects to JS by Tether handles. Register it with <c>services.AddTether()</c>; one per circuit (Server)
/// or per app (WebAssembly).
/// </summary>
/// <remarks>
/// Every member answers with a value, never an exception: the core's <see cref="HandleError"/> cases
/// (<c>Collected</c>, <c>Dropped</c>, <c>Unknown</c>, <c>WrongType</c>, <c>WrongTable</c>, <c>InvalidArgument</c>,
/// <c>NullResource</c>, <c>TableFull</c>) and the boundary's <see cref="InteropError"/> cases (<c>Detached</c>,
/// <c>JsError</c>, <c>Disconnected</c>, <c>Timeout</c>, <c>Canceled</c>, <c>NotInteractive</c>,
/// <c>Serialization</c>, <c>NoValue</c>). Every call takes a <see cref="CancellationToken"/> and is bounded by
/// <see cref="JsHandlesOptions.CallTimeout"/>. Nothing is ever called from a finalizer thread; notices arrive
/// in batches from JS.
/// </remarks>
public sealed partial class JsHandles : IAsyncDisposable
{
    /// <summary>Where the module is served from (a static web asset of this package).</summary>
    public const string ModulePath = "./_content/Tether.Interop/tether.js";

    private readonly JsBridge _bridge;

    /// <summary>The connection to tether.js (tests).</summary>
    internal JsBridge Bridge => _bridge;
    private readonly JsNoticeFeed _feed = new();
    private readonly JsonContracts _json;
    private readonly JsInProcessHandles _inProcess;

    /// <summary>Makes the service over a JS runtime, with the default options.</summary>
    public JsHandles(IJSRuntime js)
        : this(js, new JsHandlesOptions()) { }

    /// <summary>Makes the service over a JS runtime. Options out of range make every call say why (<see cref="HandleError.InvalidArgument"/>).</summary>
    public JsHandles(IJSRuntime js, JsHandlesOptions? options)
    {
        options ??= new JsHandlesOptions();
        Receiver = new NoticeReceiver(_feed);
        _bridge = new JsBridge(js, options, Receiver);
        _json = new JsonContracts(options.Json);
        // Made now, used only on WebAssembly once connected: a field, so no lazy publication is needed.
        _inProcess = new JsInProcessHandles(this, _bridge);
    }

    internal NoticeReceiver Receiver { get; }

    /// <summary>The brand this service's handle markers carry (<see cref="JsBridge.Brand"/>).</summary>
    internal string MarkerBrand => _bridge.Brand;

    /// <summary>
    /// Collected and detached notices for .NET code, in the order JS reported them. The channel is made on first
    /// use and buffers from then on; it has one reader (each notice goes to whichever reader takes it). For
    /// several listeners, use <see cref="Noticed"/>.
    /// </summary>
    public ChannelReader<JsNotice> Notices => _feed.Reader;

    /// <summary>Raised once per notice, on the thread the batch arrived on. What a handler throws is ignored.</summary>
    public event Action<JsNotice>? Noticed
    {
        add => _feed.Noticed += value;
        remove => _feed.Noticed -= value;
    }

    /// <summary>How many interop calls this service has made; the batched calls count once.</summary>
    public int InteropCalls => _bridge.Calls;

    /// <summary>How many batches of notices JS has sent (one interop call each).</summary>
    public int NoticeBatches => _feed.Batches;

    // ---- holding ----------------------------------------------------------------------------------

    /// <summary>
    /// Holds a JS object as a <typeparamref name="T"/>. The handle replaces the reference: the reference is
    /// disposed (whatever the answer), so a weak hold is really weak.
    /// </summary>
    public async Task<Fin<JsHandle<T>>> Hold<T>(IJSObjectReference obj, Hold hold = Tether.Hold.Strong, CancellationToken cancellationToken = default)
    {
        if (obj is null)
            return Fin<JsHandle<T>>.Fail(new HandleError.NullResource(typeof(T)));
        var held = await HoldCore<T>(obj, hold, cancellationToken).ConfigureAwait(false);
        await JsBridge.Quietly(() => obj.DisposeAsync()).ConfigureAwait(false);
        return held;
    }

    /// <summary>
    /// Holds an element Blazor rendered. A <c>default</c> reference (an element not rendered yet: call from
    /// <c>OnAfterRenderAsync</c>) answers <see cref="HandleError.InvalidArgument"/>. Holding the same element
    /// twice gives two independent handles, each with its own hold and its own notices.
    /// </summary>
    public Task<Fin<JsHandle<ElementReference>>> HoldElement(ElementReference element, Hold hold = Tether.Hold.Strong, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(element.Id)
            ? Task.FromResult(Fin<JsHandle<ElementReference>>.Fail(new HandleError.InvalidArgument(
                "the ElementReference is default: the element has not been rendered yet (hold it in OnAfterRenderAsync).")))
            : HoldCore<ElementReference>(element, hold, cancellationToken);

    private async Task<Fin<JsHandle<T>>> HoldCore<T>(object target, Hold hold, CancellationToken cancellationToken)
    {
        if (hold is not (Tether.Hold.Strong or Tether.Hold.Weak))
            return Fin<JsHandle<T>>.Fail(new HandleError.InvalidArgument($"{(int)hold} is not a Hold."));
        // On WebAssembly, once connected, a reference or an element is held in process: the same JSON (Blazor
        // revives the reference or the element), no task.
        if (OperatingSystem.IsBrowser() && !cancellationToken.IsCancellationRequested && _bridge.Current is { Fast: true, Module: IJSInProcessObjectReference module } connection)
        {
            try
            {
                long code = JsInProcessHandles.InProcessCall<long>(module, "hold", connection.Table, target, hold == Tether.Hold.Weak, TagOf<T>());
                _bridge.Counted();
                return FromHoldCode<T>(code);
            }
            catch (Exception e)
            {
                return Fin<JsHandle<T>>.Fail(InteropFailures.Classify(e, 0, cancellationToken, _bridge.Timeout));
            }
        }

        var held = await _bridge.Call<long>(0, "hold", cancellationToken, target, hold == Tether.Hold.Weak, TagOf<T>()).ConfigureAwait(false);
        return held.Bind(FromHoldCode<T>);
    }

    /// <summary>What tether.js's hold answered: a handle, or a code for why not.</summary>
    internal Fin<JsHandle<T>> FromHoldCode<T>(long value) => value switch
    {
        > 0 and <= JsSafeMax => Fin<JsHandle<T>>.Succ(new JsHandle<T>(value, this)),
        -7 => Fin<JsHandle<T>>.Fail(new HandleError.TableFull(1 << 20)),
        -8 => Fin<JsHandle<T>>.Fail(new HandleError.NullResource(typeof(T))),
        -10 => Fin<JsHandle<T>>.Fail(new InteropError.Disconnected(0)),
        -11 => Fin<JsHandle<T>>.Fail(new HandleError.InvalidArgument("the element reference was never rendered (it reached JS without its element).")),
        _ => Fin<JsHandle<T>>.Fail(new InteropError.JsError(0, $"hold answered {value}")),
    };

    /// <summary>
    /// Turns a number back into a handle, checking with tether.js that it is current and held as a
    /// <typeparamref name="T"/>. A detached or collected object still resolves (its handle is still current).
    /// </summary>
    public async Task<Fin<JsHandle<T>>> Resolve<T>(long value, CancellationToken cancellationToken = default)
    {
        if (value <= 0 || value > JsSafeMax)
            return Fin<JsHandle<T>>.Fail(new HandleError.Unknown(value));
        if (Fast(cancellationToken) is { } fast)
            return fast.Resolve<T>(value);
        var state = await _bridge.Call<string>(value, "state", cancellationToken, value, TagOf<T>()).ConfigureAwait(false);
        return await state.Match(
            s => ParseState(s) is JsHandleState.Alive or JsHandleState.Detached or JsHandleState.Collected
                ? Task.FromResult(Fin<JsHandle<T>>.Succ(new JsHandle<T>(value, this)))
                : FailWith<T, JsHandle<T>>(value, ParseState(s), cancellationToken),
            e => Task.FromResult(Fin<JsHandle<T>>.Fail(e))).ConfigureAwait(false);
    }

    internal const long JsSafeMax = (1L << 53) - 1;

    // ---- reading and calling -------------------------------------------------------------------

    /// <summary>Calls a method of the object behind a handle and reads its result (null or undefined answers <see cref="InteropError.NoValue"/>).</summary>
    public Task<Fin<TResult>> Invoke<T, TResult>(JsHandle<T> handle, string method, params object?[] args) =>
        Invoke<T, TResult>(handle, method, CancellationToken.None, args);

    /// <summary>Calls a method of the object behind a handle and reads its result (null or undefined answers <see cref="InteropError.NoValue"/>).</summary>
    public Task<Fin<TResult>> Invoke<T, TResult>(JsHandle<T> handle, string method, CancellationToken cancellationToken, params object?[] args)
    {
        // WebAssembly, connected, no argument: the synchronous call answers a completed task. A method that
        // answered a promise has been called already: its ticket is awaited, never a second call.
        if ((args is null || args.Length == 0) && OperatingSystem.IsBrowser() && Fast(cancellationToken) is { } fast && _bridge.Current is { Fast: true } connection
            && Check(handle) is null && method is not null
            && fast.TryInvoke<T, TResult>(connection.Table, handle, method, args, allowPromise: true, out _, out int ticket) is { } answer)
        {
            return ticket == 0 ? Task.FromResult(answer) : SettleInvoke<T, TResult>(ticket, connection.Table, handle, method, cancellationToken);
        }

        return InvokeAwaited<T, TResult>(handle, method!, cancellationToken, args);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("browser")]
    private async Task<Fin<TResult>> SettleInvoke<T, TResult>(int ticket, int table, JsHandle<T> handle, string method, CancellationToken cancellationToken) =>
        Required(await SettledResult<T, TResult>(ticket, table, handle, cancellationToken).ConfigureAwait(false), handle.Value, method);

    /// <summary>The result of a call that answered a promise: waits for its ticket and reads what it settled to.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("browser")]
    private async Task<Fin<Option<TResult>>> SettledResult<T, TResult>(int ticket, int table, JsHandle<T> handle, CancellationToken cancellationToken) =>
        await Open<T, TResult>(await Settle(ticket, 1, table, false, 0, handle.Value, cancellationToken).ConfigureAwait(false), handle.Value, cancellationToken).ConfigureAwait(false);

    private async Task<Fin<TResult>> InvokeAwaited<T, TResult>(JsHandle<T> handle, string method, CancellationToken cancellationToken, object?[]? args) =>
        Required(await InvokeOptional<T, TResult>(handle, method, cancellationToken, args ?? []).ConfigureAwait(false), handle.Value, method);

    /// <summary>Calls a method of the object behind a handle; a null or undefined result is <c>None</c>.</summary>
    public Task<Fin<Option<TResult>>> InvokeOptional<T, TResult>(JsHandle<T> handle, string method, params object?[] args) =>
        InvokeOptional<T, TResult>(handle, method, CancellationToken.None, args);

    /// <summary>Calls a method of the object behind a handle; a null or undefined result is <c>None</c>.</summary>
    public async Task<Fin<Option<TResult>>> InvokeOptional<T, TResult>(JsHandle<T> handle, string method, CancellationToken cancellationToken, params object?[] args)
    {
        if (Check(handle) is { } invalid)
            return Fin<Option<TResult>>.Fail(invalid);
        if (method is null)
            return Fin<Option<TResult>>.Fail(new HandleError.InvalidArgument("the method name is null."));
        if (JsArguments.Check(this, args) is { } badArgument)
            return Fin<Option<TResult>>.Fail(badArgument);
        if (OperatingSystem.IsBrowser() && Fast(cancellationToken) is { } fast && _bridge.Current is { Fast: true } connection
            && fast.TryInvoke<T, TResult>(connection.Table, handle, method, args, allowPromise: true, out bool none, out int ticket) is { } answer)
        {
            return ticket == 0 ? (none ? Fin<Option<TResult>>.Succ(None) : answer.Map(Some)) : await SettledResult<T, TResult>(ticket, connection.Table, handle, cancellationToken).ConfigureAwait(false);
        }

        var envelope = await _bridge.Call<JsonElement>(handle.Value, "invoke", cancellationToken, handle.Value, TagOf<T>(), method, JsArguments.ForJson(this, args), true).ConfigureAwait(false);
        return await Open<T, TResult>(envelope, handle.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a method of the object behind a handle and ignores its result, which never crosses the boundary.</summary>
    public Task<Fin<Unit>> InvokeVoid<T>(JsHandle<T> handle, string method, params object?[] args) =>
        InvokeVoid(handle, method, CancellationToken.None, args);

    /// <summary>Calls a method of the object behind a handle and ignores its result, which never crosses the boundary.</summary>
    public async Task<Fin<Unit>> InvokeVoid<T>(JsHandle<T> handle, string method, CancellationToken cancellationToken, params object?[] args)
    {
        if (Check(handle) is { } invalid)
            return Fin<Unit>.Fail(invalid);
        if (method is null)
            return Fin<Unit>.Fail(new HandleError.InvalidArgument("the method name is null."));
        if (JsArguments.Check(this, args) is { } badArgument)
            return Fin<Unit>.Fail(badArgument);
        if (OperatingSystem.IsBrowser() && Fast(cancellationToken) is { } fast && _bridge.Current is { Fast: true } connection
            && fast.TryInvokeVoid(connection.Table, handle, method, args, allowPromise: true, out int ticket) is { } answer)
        {
            return ticket == 0 ? answer : (await Open<T, JsonElement>(await Settle(ticket, 0, connection.Table, false, 0, handle.Value, cancellationToken).ConfigureAwait(false), handle.Value, cancellationToken).ConfigureAwait(false)).Map(_ => unit);
        }

        var envelope = await _bridge.Call<JsonElement>(handle.Value, "invoke", cancellationToken, handle.Value, TagOf<T>(), method, JsArguments.ForJson(this, args), false).ConfigureAwait(false);
        return (await Open<T, JsonElement>(envelope, handle.Value, cancellationToken).ConfigureAwait(false)).Map(_ => unit);
    }

    /// <summary>
    /// Calls a method of the object behind a handle and holds its result as a <typeparamref name="TResult"/> in
    /// the same table (<c>canvas.getContext('2d')</c>); the result never crosses. A null or undefined result
    /// answers <see cref="InteropError.NoValue"/>, and nothing is held.
    /// </summary>
    public Task<Fin<JsHandle<TResult>>> InvokeAndHold<T, TResult>(JsHandle<T> handle, string method, Hold hold, params object?[] args) =>
        InvokeAndHold<T, TResult>(handle, method, hold, CancellationToken.None, args);

    /// <summary>
    /// Calls a method of the object behind a handle and holds its result as a <typeparamref name="TResult"/> in
    /// the same table (<c>canvas.getContext('2d')</c>); the result never crosses. A null or undefined result
    /// answers <see cref="InteropError.NoValue"/>, and nothing is held.
    /// </summary>
    public async Task<Fin<JsHandle<TResult>>> InvokeAndHold<T, TResult>(JsHandle<T> handle, string method, Hold hold, CancellationToken cancellationToken, params object?[] args)
    {
        if (Check(handle) is { } invalid)
            return Fin<JsHandle<TResult>>.Fail(invalid);
        if (method is null)
            return Fin<JsHandle<TResult>>.Fail(new HandleError.InvalidArgument("the method name is null."));
        if (hold is not (Tether.Hold.Strong or Tether.Hold.Weak))
            return Fin<JsHandle<TResult>>.Fail(new HandleError.InvalidArgument($"{(int)hold} is not a Hold."));
        if (JsArguments.Check(this, args) is { } badArgument)
            return Fin<JsHandle<TResult>>.Fail(badArgument);
        bool weak = hold == Tether.Hold.Weak;
        if (OperatingSystem.IsBrowser() && Fast(cancellationToken) is { } fast && _bridge.Current is { Fast: true } connection
            && fast.TryInvokeAndHold<T, TResult>(connection.Table, handle, method, weak, args, allowPromise: true, out int ticket) is { } answer)
        {
            if (ticket == 0)
                return answer;
            var settled = await Settle(ticket, 2, connection.Table, weak, TagOf<TResult>(), handle.Value, cancellationToken).ConfigureAwait(false);
            return HeldResult<TResult>(await Open<T, long>(settled, handle.Value, cancellationToken).ConfigureAwait(false), handle.Value, method);
        }

        var envelope = await _bridge.Call<JsonElement>(handle.Value, "invokeAndHold", cancellationToken, handle.Value, TagOf<T>(), method, JsArguments.ForJson(this, args), weak, TagOf<TResult>()).ConfigureAwait(false);
        return HeldResult<TResult>(await Open<T, long>(envelope, handle.Value, cancellationToken).ConfigureAwait(false), handle.Value, method);
    }

    /// <summary>An invoke-and-hold answer: the handle, NoValue for no result, or hold's refusal.</summary>
    internal Fin<JsHandle<TResult>> HeldResult<TResult>(Fin<Option<long>> answer, long handle, string method) =>
        answer.Bind(code => code.Match(FromHoldCode<TResult>, () => Fin<JsHandle<TResult>>.Fail(new InteropError.NoValue(handle, method))));

    /// <summary>Sets a property of the object behind a handle; a <see cref="JsHandle{T}"/> value sets the object it holds.</summary>
    public async Task<Fin<Unit>> Set<T, TValue>(JsHandle<T> handle, string property, TValue value, CancellationToken cancellationToken = default)
    {
        if (Check(handle) is { } invalid)
            return Fin<Unit>.Fail(invalid);
        if (property is null)
            return Fin<Unit>.Fail(new HandleError.InvalidArgument("the property name is null."));
        if (JsArguments.Check(this, [value]) is { } badValue)
            return Fin<Unit>.Fail(badValue);
        if (Fast(cancellationToken) is { } fast)
            return fast.Set(handle, property, value);
        var envelope = await _bridge.Call<JsonElement>(handle.Value, "setProperty", cancellationToken, handle.Value, TagOf<T>(), property, JsArguments.ForJson(this, (object?)value)).ConfigureAwait(false);
        return (await Open<T, JsonElement>(envelope, handle.Value, cancellationToken).ConfigureAwait(false)).Map(_ => unit);
    }

    /// <summary>Reads a property of the object behind a handle (null or undefined answers <see cref="InteropError.NoValue"/>).</summary>
    public Task<Fin<TResult>> Get<T, TResult>(JsHandle<T> handle, string property, CancellationToken cancellationToken = default) =>
        Fast(cancellationToken) is { } fast
            ? Task.FromResult(fast.Get<T, TResult>(handle, property))
            : GetAwaited<T, TResult>(handle, property, cancellationToken);

    private async Task<Fin<TResult>> GetAwaited<T, TResult>(JsHandle<T> handle, string property, CancellationToken cancellationToken) =>
        Required(await GetOptional<T, TResult>(handle, property, cancellationToken).ConfigureAwait(false), handle.Value, property);

    /// <summary>Reads a property of the object behind a handle; null or undefined is <c>None</c>.</summary>
    public async Task<Fin<Option<TResult>>> GetOptional<T, TResult>(JsHandle<T> handle, string property, CancellationToken cancellationToken = default)
    {
        if (Check(handle) is { } invalid)
            return Fin<Option<TResult>>.Fail(invalid);
        if (property is null)
            return Fin<Option<TResult>>.Fail(new HandleError.InvalidArgument("the property name is null."));
        if (Fast(cancellationToken) is { } fast)
            return fast.GetOptional<T, TResult>(handle, property);
        var envelope = await _bridge.Call<JsonElement>(handle.Value, "getProperty", cancellationToken, handle.Value, TagOf<T>(), property).ConfigureAwait(false);
        return await Open<T, TResult>(envelope, handle.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What tether.js knows of a handle now (a detached element says so before any GC).</summary>
    public Task<Fin<JsHandleState>> State<T>(JsHandle<T> handle, CancellationToken cancellationToken = default) =>
        Fast(cancellationToken) is { } fast ? Task.FromResult(fast.State(handle)) : StateAwaited(handle, cancellationToken);

    private async Task<Fin<JsHandleState>> StateAwaited<T>(JsHandle<T> handle, CancellationToken cancellationToken)
    {
        if (Check(handle) is { } invalid)
            return Fin<JsHandleState>.Fail(invalid);
        if (Fast(cancellationToken) is { } fast)
            return fast.State(handle);
        var state = await _bridge.Call<string>(handle.Value, "state", cancellationToken, handle.Value, TagOf<T>()).ConfigureAwait(false);
        return await state.Match(
            s => ParseState(s) is JsHandleState.WrongType or JsHandleState.Disposed
                ? FailWith<T, JsHandleState>(handle.Value, ParseState(s), cancellationToken)
                : Task.FromResult(Fin<JsHandleState>.Succ(ParseState(s))),
            e => Task.FromResult(Fin<JsHandleState>.Fail(e))).ConfigureAwait(false);
    }

    // ---- ending and changing holds ----------------------------------------------------------------

    /// <summary>Ends a handle. A collected or detached object's handle ends too (and says nothing more).</summary>
    public async Task<Fin<Unit>> Drop<T>(JsHandle<T> handle, CancellationToken cancellationToken = default)
    {
        if (Check(handle) is { } invalid)
            return Fin<Unit>.Fail(invalid);
        if (Fast(cancellationToken) is { } fast)
            return fast.Drop(handle);
        var states = await _bridge.Call<string[]>(handle.Value, "dropMany", cancellationToken, new[] { handle.Value }, TagOf<T>()).ConfigureAwait(false);
        return await states.Match(
            s => ParseState(s.Length == 1 ? s[0] : null) is JsHandleState.Alive or JsHandleState.Collected or JsHandleState.Detached
                ? Task.FromResult(Fin<Unit>.Succ(unit))
                : FailWith<T, Unit>(handle.Value, ParseState(s.Length == 1 ? s[0] : null), cancellationToken),
            e => Task.FromResult(Fin<Unit>.Fail(e))).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends many handles in one interop call; answers each one's state before the drop, in order. A
    /// <c>default</c> handle or one of another service fails the whole call before anything is dropped.
    /// </summary>
    public async Task<Fin<JsHandleState[]>> DropMany<T>(IEnumerable<JsHandle<T>> handles, CancellationToken cancellationToken = default)
    {
        if (handles is null)
            return Fin<JsHandleState[]>.Fail(new HandleError.InvalidArgument("the handles are null."));
        JsHandle<T>[] all;
        try
        {
            all = handles.ToArray();
        }
        catch (Exception e)
        {
            // The caller's enumerator ran here; what it threw is its answer, and nothing was dropped.
            return Fin<JsHandleState[]>.Fail(new HandleError.InvalidArgument($"the handles could not be enumerated: {e.Message}"));
        }
        foreach (var handle in all)
        {
            if (Check(handle) is { } invalid)
                return Fin<JsHandleState[]>.Fail(invalid);
        }

        if (all.Length == 0)
            return Fin<JsHandleState[]>.Succ([]);
        var states = await _bridge.Call<string[]>(0, "dropMany", cancellationToken, all.Select(h => h.Value).ToArray(), TagOf<T>()).ConfigureAwait(false);
        return states.Map(s => s.Select(ParseState).ToArray());
    }

    /// <summary>Ends handles of any type that this service issued (a scope's), in one call. Internal: the values were checked when they were made.</summary>
    internal Task<Fin<string[]>> DropIssued(long[] values, CancellationToken cancellationToken) =>
        _bridge.Call<string[]>(0, "dropMany", cancellationToken, values, 0);

    /// <summary>Holds weakly from now on: the JS garbage collector may collect the object. A detached element is loosened too (and answers success).</summary>
    public Task<Fin<Unit>> Loosen<T>(JsHandle<T> handle, CancellationToken cancellationToken = default) =>
        Rehold(handle, "loosen", cancellationToken);

    /// <summary>Holds strongly again, if the object still lives (a detached element does, and is tightened).</summary>
    public Task<Fin<Unit>> Tighten<T>(JsHandle<T> handle, CancellationToken cancellationToken = default) =>
        Rehold(handle, "tighten", cancellationToken);

    private async Task<Fin<Unit>> Rehold<T>(JsHandle<T> handle, string function, CancellationToken cancellationToken)
    {
        if (Check(handle) is { } invalid)
            return Fin<Unit>.Fail(invalid);
        if (Fast(cancellationToken) is { } fast)
            return function == "loosen" ? fast.Loosen(handle) : fast.Tighten(handle);
        var state = await _bridge.Call<string>(handle.Value, function, cancellationToken, handle.Value, TagOf<T>()).ConfigureAwait(false);
        return await state.Match(
            // tether.js changes the hold of a detached element too: that is a success, not a Detached error.
            s => ParseState(s) is JsHandleState.Alive or JsHandleState.Detached
                ? Task.FromResult(Fin<Unit>.Succ(unit))
                : FailWith<T, Unit>(handle.Value, ParseState(s), cancellationToken),
            e => Task.FromResult(Fin<Unit>.Fail(e))).ConfigureAwait(false);
    }

    /// <summary>A scope of handles that all end together when it is disposed: one per component, for example.</summary>
    public JsScope OpenScope() => new(this, disposed: _bridge.IsDisposed);

    /// <summary>Whether the service has been disposed (its scopes then answer the service's Disposed, not their own).</summary>
    internal bool IsDisposedNow => _bridge.IsDisposed;

    internal JsScope OpenScope(bool disposed) => new(this, disposed || _bridge.IsDisposed);

    // ---- plumbing ------------------------------------------------------------------------------

    /// <summary>Disposes the JS table and module, and the exposed objects' table. Never throws, whatever became of the circuit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_bridge.IsDisposed)
            return;
        await _bridge.DisposeAsync().ConfigureAwait(false);
        _self?.Dispose();
        _exposed?.Dispose();
        _feed.Complete();
    }

    /// <summary>
    /// Tells the service its Blazor Server circuit lost its connection (the tab closed, the network cut): calls in
    /// flight answer <see cref="InteropError.Disconnected"/> at once, and so does every call until
    /// <see cref="ConnectionUp"/>, without sending anything. In a Blazor Server app that installs the package, the
    /// circuit handler the package adds calls both; call them yourself only if you host circuits another way.
    /// </summary>
    public void ConnectionDown() => _bridge.ConnectionDown();

    /// <summary>Tells the service its circuit's connection is back (the client reconnected): calls go out again.</summary>
    public void ConnectionUp() => _bridge.ConnectionUp();

    // ---- the WebAssembly fast path -----------------------------------------------------------------

    /// <summary>
    /// Imports tether.js and makes this service's table now, rather than on the first call; on WebAssembly it
    /// also opens the synchronous path (<see cref="InProcess"/>). Idempotent: once connected, it answers at once.
    /// </summary>
    public Task<Fin<Unit>> Connect(CancellationToken cancellationToken = default) => _bridge.Connect(cancellationToken);

    /// <summary>
    /// The synchronous API, on WebAssembly once <see cref="Connect"/> has succeeded; otherwise
    /// <see cref="InteropError.NotInProcess"/> (Blazor Server, or not connected yet), or
    /// <see cref="InteropError.Disconnected"/> after <see cref="DisposeAsync"/>.
    /// </summary>
    public Fin<JsInProcessHandles> InProcess
    {
        get
        {
            if (_bridge.IsDisposed)
                return Fin<JsInProcessHandles>.Fail(new InteropError.Disconnected(0));
            if (!OperatingSystem.IsBrowser())
                return Fin<JsInProcessHandles>.Fail(new InteropError.NotInProcess("this is not WebAssembly (Blazor Server or another host): use the async members."));
            return _bridge.Current switch
            {
                null => Fin<JsInProcessHandles>.Fail(new InteropError.NotInProcess("not connected yet: await Connect() first.")),
                { Fast: false } connection => Fin<JsInProcessHandles>.Fail(new InteropError.NotInProcess(connection.NotFast)),
                _ => Fin<JsInProcessHandles>.Succ(_inProcess),
            };
        }
    }

    /// <summary>
    /// The synchronous path for an async member: on WebAssembly, once connected, with a token not yet canceled
    /// (a canceled one goes the usual way, and answers Canceled). Null elsewhere.
    /// </summary>
    private JsInProcessHandles? Fast(CancellationToken cancellationToken) =>
        OperatingSystem.IsBrowser() && !cancellationToken.IsCancellationRequested && _bridge.Current is { Fast: true } ? _inProcess : null;

    /// <summary>Waits, within the call timeout and the caller's token, for a call whose method answered a promise.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("browser")]
    private async Task<Fin<JsonElement>> Settle(int ticket, int mode, int table, bool weak, int resultType, long handle, CancellationToken cancellationToken)
    {
        try
        {
            bool infinite = _bridge.Timeout == System.Threading.Timeout.InfiniteTimeSpan;
            var settling = TetherImports.Settle(ticket, mode, table, weak, resultType, infinite ? -1 : _bridge.Timeout.TotalMilliseconds);
            // tether.js answers 'timeout' at the call timeout; this wait is the backstop for a page that never lets
            // its timer run (a blocked event loop answers nothing at all).
            string json = infinite
                ? await settling.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await settling.WaitAsync(Backstop(_bridge.Timeout), cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(json);
            var envelope = document.RootElement;
            if (envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("state", out var state) && state.ValueEquals("timeout"))
                return Fin<JsonElement>.Fail(new InteropError.Timeout(handle, _bridge.Timeout));
            return Fin<JsonElement>.Succ(envelope.Clone());
        }
        catch (TimeoutException)
        {
            return Fin<JsonElement>.Fail(new InteropError.Timeout(handle, _bridge.Timeout));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not ours: the runtime cancels the task when V8 collected the promise it waited for, which happens only
            // to a promise nothing could ever settle (with a call timeout, tether.js's timer keeps it reachable).
            return Fin<JsonElement>.Fail(new InteropError.JsError(handle, "the method's promise can never settle: nothing in the page holds what would resolve it, and the browser collected it"));
        }
        catch (Exception e)
        {
            return Fin<JsonElement>.Fail(InteropFailures.Classify(e, handle, cancellationToken, _bridge.Timeout));
        }
    }

    /// <summary>How much longer than the call timeout .NET waits for tether.js to say 'timeout' itself.</summary>
    private static readonly TimeSpan SettleGrace = TimeSpan.FromSeconds(1);

    /// <summary>The call timeout and its grace, within what a timer can wait (2^32 - 2 ms).</summary>
    private static TimeSpan Backstop(TimeSpan timeout) =>
        TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds + SettleGrace.TotalMilliseconds, uint.MaxValue - 1.0));

    /// <summary>The service's JSON contracts (the synchronous path reads results with them too).</summary>
    internal JsonContracts Json => _json;

    /// <summary>The type a tag stands for; object for a tag this service never gave.</summary>
    internal Type TypeOfTag(int tag) => s_types.TryGetValue(tag, out var type) ? type : typeof(object);

    /// <summary>Why a handle cannot be used with this service, or null.</summary>
    internal Error? Check<T>(JsHandle<T> handle) =>
        handle.Owner is null ? new HandleError.Unknown(handle.Value)
        : !ReferenceEquals(handle.Owner, this) ? new HandleError.WrongTable(handle.Value)
        : null;

    /// <summary>The type tag tether.js records for <typeparamref name="T"/> (1, 2, ..., one per type in the process).</summary>
    /// <remarks>
    /// Every call takes a tag, so it is a static generic field read: the cheapest lookup there is (a dictionary
    /// keyed by Type cost more than the [JSImport] call itself in the browser's interpreter). Tags are shared by
    /// every service; each table compares them only among its own handles, so nothing a caller sees changes.
    /// The type initializer runs once, under the runtime's lock, and completes (the reverse map written) before
    /// any thread reads the tag: that is the publication, on ARM64 too.
    /// </remarks>
    internal int TagOf<T>() => TypeTags<T>.Tag;

    private static class TypeTags<T>
    {
        public static readonly int Tag = NewTag(typeof(T));
    }

    private static int s_lastTag;
    private static readonly ConcurrentDictionary<int, Type> s_types = new();

    private static int NewTag(Type type)
    {
        int tag = Interlocked.Increment(ref s_lastTag);
        s_types[tag] = type;
        return tag;
    }

    internal static Fin<TResult> Required<TResult>(Fin<Option<TResult>> answer, long handle, string member) =>
        answer.Bind(value => value.Match(Fin<TResult>.Succ, () => Fin<TResult>.Fail(new InteropError.NoValue(handle, member))));

    /// <summary>Reads an answer { state, value, message } of invoke and getProperty.</summary>
    private async Task<Fin<Option<TResult>>> Open<T, TResult>(Fin<JsonElement> envelope, long handle, CancellationToken cancellationToken)
    {
        if (envelope.IsFail)
            return envelope.Match(_ => Fin<Option<TResult>>.Fail(new InteropError.JsError(handle, "no envelope")), Fin<Option<TResult>>.Fail);
        var json = envelope.Match(e => e, _ => default);
        string? state = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        switch (state)
        {
            case "alive":
                if (!json.TryGetProperty("value", out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                    return Fin<Option<TResult>>.Succ(None);
                return _json.Read<TResult>(value, handle).Map(Some);
            case "error":
                string message = json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "unknown JS error";
                return Fin<Option<TResult>>.Fail(new InteropError.JsError(handle, message));
            default:
                return await FailWith<T, Option<TResult>>(handle, ParseState(state), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The error for a handle that is not alive; a wrong type asks tether.js what the handle is held as.</summary>
    private async Task<Fin<TResult>> FailWith<T, TResult>(long handle, JsHandleState state, CancellationToken cancellationToken)
    {
        if (state != JsHandleState.WrongType)
            return Fin<TResult>.Fail(ErrorOf<T>(handle, state));
        var tag = await _bridge.Call<int>(handle, "typeOf", cancellationToken, handle).ConfigureAwait(false);
        Type actual = tag.Match(t => s_types.TryGetValue(t, out var type) ? type : typeof(object), _ => typeof(object));
        return Fin<TResult>.Fail(new HandleError.WrongType(handle, typeof(T), actual));
    }

    internal static JsHandleState ParseState(string? state) => state switch
    {
        "alive" => JsHandleState.Alive,
        "dropped" => JsHandleState.Dropped,
        "collected" => JsHandleState.Collected,
        "detached" => JsHandleState.Detached,
        "wrongtype" => JsHandleState.WrongType,
        "disposed" => JsHandleState.Disposed,
        _ => JsHandleState.Unknown,
    };

    internal static Error ErrorOf<T>(long handle, JsHandleState state) => state switch
    {
        JsHandleState.Collected => new HandleError.Collected(handle, typeof(T)),
        JsHandleState.Detached => new InteropError.Detached(handle),
        JsHandleState.Dropped => new HandleError.Dropped(handle),
        JsHandleState.Disposed => new InteropError.Disconnected(handle),
        JsHandleState.WrongType => new HandleError.WrongType(handle, typeof(T), typeof(object)),
        _ => new HandleError.Unknown(handle),
    };
}
