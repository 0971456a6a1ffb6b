using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
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
/// objects to JS by Tether handles. Register it with <c>services.AddTether()</c>.
/// </summary>
/// <remarks>
/// Every member answers with a value: <see cref="HandleError.Collected"/>, <see cref="InteropError.Detached"/>,
/// <see cref="HandleError.Dropped"/>, <see cref="HandleError.Unknown"/>, <see cref="InteropError.JsError"/> or
/// <see cref="InteropError.Disconnected"/>. <c>JSDisconnectedException</c> never escapes, nor does anything
/// else. Nothing is ever called from a finalizer thread; notices arrive in batches from JS.
/// </remarks>
public sealed class JsHandles : IAsyncDisposable
{
    /// <summary>Where the module is served from (a static web asset of this package).</summary>
    public const string ModulePath = "./_content/Tether.Interop/tether.js";

    private readonly IJSRuntime _js;
    private readonly bool _watchDom;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly Channel<JsNotice> _notices = Channel.CreateUnbounded<JsNotice>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private DotNetObjectReference<JsHandles>? _self;
    private IJSObjectReference? _module;
    private int _table;
    private int _disposed;

    /// <summary>Makes the service over a JS runtime. <paramref name="watchDom"/> reports detached elements as they leave.</summary>
    public JsHandles(IJSRuntime js, bool watchDom = true)
    {
        _js = js;
        _watchDom = watchDom;
    }

    /// <summary>.NET objects exposed to JS, by Tether handle (see <see cref="Expose{T}(T, Hold)"/>). Made on first use.</summary>
    public HandleTable Exposed => LazyInitializer.EnsureInitialized(ref _exposed, HandleTable.Create);

    private HandleTable? _exposed;

    /// <summary>Collected and detached notices for .NET code, in the order JS reported them.</summary>
    public ChannelReader<JsNotice> Notices => _notices.Reader;

    /// <summary>Raised once per notice, on the thread the batch arrived on. What a handler throws is ignored.</summary>
    public event Action<JsNotice>? Noticed;

    /// <summary>How many interop calls this service has made; the batched calls count once.</summary>
    public int InteropCalls => Volatile.Read(ref _calls);

    private int _calls;

    /// <summary>How many batches of notices JS has sent (one interop call each).</summary>
    public int NoticeBatches => Volatile.Read(ref _batches);

    private int _batches;

    /// <summary>Holds a JS object. The handle replaces the reference: it is disposed, so a weak hold is really weak.</summary>
    public Task<Fin<JsHandle<T>>> Hold<T>(IJSObjectReference obj, Hold hold = Tether.Hold.Strong) =>
        HoldCore<T>(obj, hold, dispose: obj);

    /// <summary>Holds an element Blazor rendered.</summary>
    public Task<Fin<JsHandle<ElementReference>>> HoldElement(ElementReference element, Hold hold = Tether.Hold.Strong) =>
        HoldCore<ElementReference>(element, hold, dispose: null);

    private async Task<Fin<JsHandle<T>>> HoldCore<T>(object target, Hold hold, IJSObjectReference? dispose)
    {
        if (hold is not (Tether.Hold.Strong or Tether.Hold.Weak))
            return Fin<JsHandle<T>>.Fail(new HandleError.InvalidArgument($"{(int)hold} is not a Hold."));
        var held = await Call<long>(0, "hold", target, hold == Tether.Hold.Weak).ConfigureAwait(false);
        if (dispose is not null)
            await Quietly(() => dispose.DisposeAsync()).ConfigureAwait(false);
        return held.Bind(value => value switch
        {
            > 0 => Fin<JsHandle<T>>.Succ(new JsHandle<T>(value)),
            -8 => Fin<JsHandle<T>>.Fail(new HandleError.NullResource(typeof(T))),
            _ => Fin<JsHandle<T>>.Fail(new HandleError.TableFull(1 << 20)),
        });
    }

    /// <summary>Calls a method of the object behind a handle and returns its result.</summary>
    public async Task<Fin<TResult>> Invoke<T, TResult>(JsHandle<T> handle, string method, params object?[] args)
    {
        var envelope = await Call<Envelope<TResult>>(handle.Value, "invoke", handle.Value, method, args).ConfigureAwait(false);
        return envelope.Bind(e => e.ToFin<T>(handle.Value));
    }

    /// <summary>Calls a method of the object behind a handle, ignoring its result.</summary>
    public async Task<Fin<Unit>> InvokeVoid<T>(JsHandle<T> handle, string method, params object?[] args) =>
        (await Invoke<T, JsonElement>(handle, method, args).ConfigureAwait(false)).Map(_ => unit);

    /// <summary>Reads a property of the object behind a handle.</summary>
    public async Task<Fin<TResult>> Get<T, TResult>(JsHandle<T> handle, string property)
    {
        var envelope = await Call<Envelope<TResult>>(handle.Value, "getProperty", handle.Value, property).ConfigureAwait(false);
        return envelope.Bind(e => e.ToFin<T>(handle.Value));
    }

    /// <summary>What tether.js knows of a handle now (a detached element says so before any GC).</summary>
    public async Task<Fin<JsHandleState>> State<T>(JsHandle<T> handle) =>
        (await Call<string>(handle.Value, "state", handle.Value).ConfigureAwait(false)).Map(ParseState);

    /// <summary>Ends a handle.</summary>
    public async Task<Fin<Unit>> Drop<T>(JsHandle<T> handle) =>
        (await Call<string[]>(handle.Value, "dropMany", new[] { handle.Value }).ConfigureAwait(false))
            .Bind(states => Ended<T>(handle.Value, ParseState(states.Length == 1 ? states[0] : null)));

    /// <summary>Ends many handles in one interop call; answers each one's state before the drop.</summary>
    public async Task<Fin<JsHandleState[]>> DropMany(IEnumerable<long> handles)
    {
        long[] all = handles?.ToArray() ?? [];
        if (all.Length == 0)
            return Fin<JsHandleState[]>.Succ([]);
        return (await Call<string[]>(0, "dropMany", all).ConfigureAwait(false)).Map(states => states.Select(ParseState).ToArray());
    }

    /// <summary>Holds weakly from now on: the JS garbage collector may collect the object.</summary>
    public async Task<Fin<Unit>> Loosen<T>(JsHandle<T> handle) =>
        (await Call<string>(handle.Value, "loosen", handle.Value).ConfigureAwait(false)).Bind(s => Current<T>(handle.Value, ParseState(s)));

    /// <summary>Holds strongly again, if the object still lives.</summary>
    public async Task<Fin<Unit>> Tighten<T>(JsHandle<T> handle) =>
        (await Call<string>(handle.Value, "tighten", handle.Value).ConfigureAwait(false)).Bind(s => Current<T>(handle.Value, ParseState(s)));

    /// <summary>Called by tether.js, once per batch of notices.</summary>
    [JSInvokable]
    public void OnNotices(long[]? collected, long[]? detached)
    {
        Interlocked.Increment(ref _batches);
        foreach (var h in collected ?? [])
            Publish(new JsNotice(JsNoticeKind.Collected, h));
        foreach (var h in detached ?? [])
            Publish(new JsNotice(JsNoticeKind.Detached, h));
    }

    private void Publish(JsNotice notice)
    {
        _notices.Writer.TryWrite(notice);
        var handlers = Noticed;
        if (handlers is null)
            return;
        foreach (Action<JsNotice> handler in handlers.GetInvocationList())
        {
            try
            {
                handler(notice);
            }
            catch (Exception)
            {
                // A subscriber's failure must not break the batch for the others.
            }
        }
    }

    // ---- the reverse direction ----------------------------------------------------------------

    /// <summary>
    /// Exposes a .NET object to JS by a Tether handle (weak or strong). JS calls its methods with
    /// <c>callDotNet(serviceRef, handle, method, ...args)</c> from tether.js, and gets the same errors back.
    /// </summary>
    public Fin<long> Expose<T>(T obj, Hold hold = Tether.Hold.Strong)
        where T : class => Exposed.Add<object>(obj, hold).Map(h => h.Raw);

    /// <summary>A reference JS can pass to <c>callDotNet</c>.</summary>
    public DotNetObjectReference<JsHandles> Reference => _self ??= DotNetObjectReference.Create(this);

    /// <summary>Called from JS: invokes a public method of an exposed object. Answers an envelope, never throws.</summary>
    [JSInvokable]
    public JsCallResult InvokeExposed(long handle, string method, JsonElement[]? args)
    {
        var target = Exposed.Resolve<object>(handle).Bind(Exposed.Get);
        if (target.IsFail)
        {
            var error = target.Match(_ => (Error)new HandleError.Unknown(handle), e => e);
            return new JsCallResult(error switch
            {
                HandleError.Collected => "collected",
                HandleError.Dropped => "dropped",
                HandleError.Disposed => "disposed",
                _ => "unknown",
            }, null, error.Message);
        }

        object obj = target.ThrowIfFail();
        try
        {
            args ??= [];
            var candidate = obj.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(m => m.Name == method && m.GetParameters().Length == args.Length);
            if (candidate is null)
                return new JsCallResult("error", null, $"{obj.GetType().Name} has no public method {method} taking {args.Length} arguments");
            var parameters = candidate.GetParameters();
            var values = new object?[args.Length];
            for (int i = 0; i < args.Length; i++)
                values[i] = args[i].Deserialize(parameters[i].ParameterType, JsonSerializerOptions.Web);
            return new JsCallResult("alive", candidate.Invoke(obj, values), null);
        }
        catch (TargetInvocationException e)
        {
            return new JsCallResult("error", null, e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e)
        {
            return new JsCallResult("error", null, e.Message);
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /// <summary>Disposes the JS table and module. Never throws, whatever became of the circuit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (_module is { } module)
        {
            await Quietly(() => module.InvokeVoidAsync("disposeTable", _table)).ConfigureAwait(false);
            await Quietly(() => module.DisposeAsync()).ConfigureAwait(false);
        }

        _self?.Dispose();
        _exposed?.Dispose();
        _notices.Writer.TryComplete();
    }

    /// <summary>One interop call on the table, with every failure turned into a value.</summary>
    private async Task<Fin<TResult>> Call<TResult>(long handle, string function, params object?[] args)
    {
        // The service ends with its circuit or app: after that the JS side is gone for good.
        if (Volatile.Read(ref _disposed) == 1)
            return Fin<TResult>.Fail(new InteropError.Disconnected(handle));
        try
        {
            var module = await Start().ConfigureAwait(false);
            Interlocked.Increment(ref _calls);
            var result = await module.InvokeAsync<TResult>(function, [_table, .. args]).ConfigureAwait(false);
            return result is null ? Fin<TResult>.Fail(new InteropError.JsError(handle, $"{function} answered nothing")) : Fin<TResult>.Succ(result);
        }
        catch (Exception e)
        {
            return Fin<TResult>.Fail(Classify(e, handle));
        }
    }

    /// <summary>What an exception from the JS runtime means, as a value.</summary>
    internal static Error Classify(Exception e, long handle) => e switch
    {
        JSDisconnectedException => new InteropError.Disconnected(handle),
        TaskCanceledException or OperationCanceledException or ObjectDisposedException => new InteropError.Disconnected(handle),
        JSException js => new InteropError.JsError(handle, js.Message),
        // Raised while prerendering, or when the runtime is torn down: no JS side to talk to.
        InvalidOperationException => new InteropError.Disconnected(handle),
        _ => new InteropError.JsError(handle, e.Message),
    };

    private async Task<IJSObjectReference> Start()
    {
        if (_module is { } ready)
            return ready;
        await _startGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_module is null)
            {
                var module = await _js.InvokeAsync<IJSObjectReference>("import", ModulePath).ConfigureAwait(false);
                Interlocked.Increment(ref _calls);
                _table = await module.InvokeAsync<int>("createTable", Reference, _watchDom).ConfigureAwait(false);
                Interlocked.Increment(ref _calls);
                _module = module;
            }

            return _module;
        }
        finally
        {
            _startGate.Release();
        }
    }

    private static async Task Quietly(Func<ValueTask> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Cleanup across a boundary that may be gone: nothing useful to do with a failure.
        }
    }

    internal static JsHandleState ParseState(string? state) => state switch
    {
        "alive" => JsHandleState.Alive,
        "dropped" => JsHandleState.Dropped,
        "collected" => JsHandleState.Collected,
        "detached" => JsHandleState.Detached,
        _ => JsHandleState.Unknown,
    };

    internal static Error ErrorOf<T>(long handle, JsHandleState state, string? message = null) => state switch
    {
        JsHandleState.Collected => new HandleError.Collected(handle, typeof(T)),
        JsHandleState.Detached => new InteropError.Detached(handle),
        JsHandleState.Dropped => new HandleError.Dropped(handle),
        _ => new HandleError.Unknown(handle),
    };

    private static Fin<Unit> Ended<T>(long handle, JsHandleState before) =>
        before is JsHandleState.Alive or JsHandleState.Collected or JsHandleState.Detached
            ? Fin<Unit>.Succ(unit)
            : Fin<Unit>.Fail(ErrorOf<T>(handle, before));

    private static Fin<Unit> Current<T>(long handle, JsHandleState state) =>
        state == JsHandleState.Alive ? Fin<Unit>.Succ(unit) : Fin<Unit>.Fail(ErrorOf<T>(handle, state));

    /// <summary>The answer tether.js gives to a call through a handle.</summary>
    internal sealed class Envelope<TValue>
    {
        public string? State { get; set; }

        public TValue? Value { get; set; }

        public string? Message { get; set; }

        public Fin<TValue> ToFin<T>(long handle) => State switch
        {
            "alive" => Value is null
                ? typeof(TValue) == typeof(JsonElement) ? Fin<TValue>.Succ((TValue)(object)default(JsonElement)) : Fin<TValue>.Fail(new InteropError.JsError(handle, "the call returned nothing"))
                : Fin<TValue>.Succ(Value),
            "error" => Fin<TValue>.Fail(new InteropError.JsError(handle, Message ?? "unknown JS error")),
            _ => Fin<TValue>.Fail(ErrorOf<T>(handle, ParseState(State))),
        };
    }
}

/// <summary>What JS gets back from a call into an exposed .NET object.</summary>
/// <param name="State">"alive", or "collected", "dropped", "unknown", "disposed", "error".</param>
/// <param name="Value">The method's result, when alive.</param>
/// <param name="Message">Why not, otherwise.</param>
public sealed record JsCallResult(string State, object? Value, string? Message);
