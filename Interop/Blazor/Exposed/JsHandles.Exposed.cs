using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using System.Text.Json;
using System.Threading;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.JSInterop;

namespace Tether.Interop;

/// <summary>The reverse direction: .NET objects exposed to JS by Tether handles.</summary>
public sealed partial class JsHandles
{
    private HandleTable? _exposed;
    private DotNetObjectReference<JsHandles>? _self;

    private readonly ConditionalWeakTable<object, CallableMethods> _callable = new();

    /// <summary>
    /// .NET objects exposed to JS, by Tether handle (see <see cref="Expose{T}(T, Hold)"/>). Made on first use;
    /// after <see cref="DisposeAsync"/>, a disposed table. Weakly exposed objects that the GC collected free
    /// their slots by themselves (<see cref="SlotPolicy.Reclaim"/>).
    /// </summary>
    public HandleTable Exposed
    {
        get
        {
            var table = LazyInitializer.EnsureInitialized(ref _exposed, MakeExposedTable);
            // Made after (or while) the service was disposed: it must hold nothing for anyone.
            if (_bridge.IsDisposed)
                table.Dispose();
            return table;
        }
    }

    private static HandleTable MakeExposedTable()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true, SlotPolicy = SlotPolicy.Reclaim })
            .Match(t => t, _ => HandleTable.Create());
        // Reclaim works through the table's notices; a subscriber means nothing is buffered for a reader
        // that does not exist.
        table.Collected += static _ => { };
        return table;
    }

    /// <summary>
    /// Exposes a .NET object to JS by a Tether handle (weak or strong). JS calls it with
    /// <c>callDotNet(serviceRef, handle, method, ...args)</c> from tether.js, and gets the same errors back.
    /// Only the public instance methods of <typeparamref name="T"/> marked <see cref="JSInvokableAttribute"/>
    /// can be called; their parameters and results cross as JSON through <see cref="JsHandlesOptions.Json"/>,
    /// and a <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c> result is awaited first.
    /// </summary>
    public Fin<long> Expose<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] T>(T obj, Hold hold = Tether.Hold.Strong)
        where T : class
    {
        if (_bridge.IsDisposed)
            return Fin<long>.Fail(new HandleError.Disposed(0));
        if (obj is null)
            return Fin<long>.Fail(new HandleError.NullResource(typeof(T)));
        CallableMethods callable;
        try
        {
            callable = CallableMethods.Of<T>();
        }
        catch (Exception e)
        {
            // Reading the attributes runs the type's own code (attribute constructors): it may throw.
            return Fin<long>.Fail(new HandleError.InvalidArgument($"the callable methods of {typeof(T).Name} cannot be read: {e.Message}"));
        }

        lock (_callable)
            _callable.AddOrUpdate(obj, _callable.TryGetValue(obj, out var known) ? known.Join(callable) : callable);
        return Exposed.Add<object>(obj, hold).Map(h => h.Raw);
    }

    /// <summary>
    /// A reference JS can pass to <c>callDotNet</c>. It reaches <see cref="InvokeExposed"/> and nothing else
    /// of use. After <see cref="DisposeAsync"/>, a disposed reference.
    /// </summary>
    public DotNetObjectReference<JsHandles> Reference
    {
        get
        {
            var reference = LazyInitializer.EnsureInitialized(ref _self, () => DotNetObjectReference.Create(this));
            if (_bridge.IsDisposed)
                reference.Dispose();
            return reference;
        }
    }

    /// <summary>
    /// What tether.js's <c>callDotNet</c> calls: <see cref="InvokeExposed"/>, with its answer as JSON text that Tether
    /// writes through its own generated contract. A string is all that crosses, so a trimmed app (whose linker strips
    /// the metadata a reflection-based serializer needs, such as a record's constructor parameter names) answers every
    /// call: Blazor drops an answer it cannot serialize without a word, and the JS promise would never settle.
    /// Never throws; answers within <see cref="JsHandlesOptions.CallTimeout"/> unless that is infinite, or the method
    /// blocks its thread before it returns (the timeout bounds the task it answers, not its synchronous part).
    /// </summary>
    /// <param name="handle">The exposed object's handle (see <see cref="Expose{T}(T, Hold)"/>).</param>
    /// <param name="method">The JS name of a method its author marked <see cref="JSInvokableAttribute"/>.</param>
    /// <param name="args">The arguments, as JSON.</param>
    [JSInvokable]
    public async Task<string> CallExposed(long handle, string? method, JsonElement[]? args)
    {
        var answer = await InvokeExposed(handle, method, args).ConfigureAwait(false);
        return JsonSerializer.Serialize(answer, TetherJsonContext.Default.JsCallResult);
    }

    /// <summary>
    /// Invokes a callable method of an exposed object as JS does through <see cref="CallExposed"/>, and answers the
    /// envelope itself. Never throws; a method whose task has not completed within
    /// <see cref="JsHandlesOptions.CallTimeout"/> answers an error (its task runs on, unobserved).
    /// </summary>
    /// <param name="handle">The exposed object's handle.</param>
    /// <param name="method">The JS name of a method its author marked <see cref="JSInvokableAttribute"/>.</param>
    /// <param name="args">The arguments, as JSON.</param>
    public async Task<JsCallResult> InvokeExposed(long handle, string? method, JsonElement[]? args)
    {
        if (_bridge.IsDisposed)
            return Failed("disposed", new HandleError.Disposed(handle));
        var target = Exposed.Resolve<object>(handle).Bind(Exposed.Get);
        if (target.IsFail)
        {
            var error = target.Match(_ => (Error)new HandleError.Unknown(handle), e => e);
            return Failed(error switch
            {
                HandleError.Collected => "collected",
                HandleError.Dropped => "dropped",
                HandleError.Disposed => "disposed",
                _ => "unknown",
            }, error);
        }

        object obj = target.Match(o => o, _ => new object());
        args ??= [];
        bool ambiguous = false;
        MethodInfo? callable = null;
        if (method is not null && _callable.TryGetValue(obj, out var methods))
            callable = methods.Find(method, args.Length, out ambiguous);
        if (callable is null)
        {
            return new JsCallResult("error", null, ambiguous
                ? $"{obj.GetType().Name} has several callable methods {method} taking {args.Length} arguments"
                : $"{obj.GetType().Name} has no callable method {method} taking {args.Length} arguments (mark it [JSInvokable])");
        }

        var parameters = callable.GetParameters();
        var values = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            if (!_json.TryRead(args[i], parameters[i].ParameterType, handle, out values[i], out var invalid))
                return Failed("error", invalid);
        }

        object? result;
        Type resultType = callable.ReturnType;
        try
        {
            result = callable.Invoke(obj, values);
            if (CallableMethods.IsAwaitable(resultType))
                (result, resultType) = await Awaited(result, resultType, _bridge.Timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new JsCallResult("error", null, $"{obj.GetType().Name}.{callable.Name} did not complete within the call timeout ({_bridge.Timeout})");
        }
        catch (TargetInvocationException e)
        {
            return new JsCallResult("error", null, e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e)
        {
            return new JsCallResult("error", null, e.Message);
        }

        if (resultType == typeof(void))
            return new JsCallResult("alive", null, null);
        return _json.Write(result, resultType, handle)
            .Match(json => new JsCallResult("alive", json, null), e => Failed("error", e));
    }

    /// <summary>The value a Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; result stands for, once it completes.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Task<T>.Result and ValueTask<T>.AsTask are kept by the DynamicDependency attributes below for every T.")]
    [DynamicDependency(nameof(Task<object>.Result), typeof(Task<>))]
    [DynamicDependency(nameof(ValueTask<object>.AsTask), typeof(ValueTask<>))]
    private static async Task<(object? Value, Type Type)> Awaited(object? result, Type returnType, TimeSpan timeout)
    {
        // A ValueTask<T> comes boxed, and only its AsTask turns it into something to wait for (once: it may be pooled).
        if (result is not null && returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            result = result.GetType().GetMethod(nameof(ValueTask<object>.AsTask), Type.EmptyTypes)?.Invoke(result, null);
        switch (result)
        {
            case null:
                throw new InvalidOperationException("the method answered a null task");
            case ValueTask valueTask:
                await valueTask.AsTask().WaitAsync(timeout).ConfigureAwait(false);
                return (null, typeof(void));
            case Task task:
                await task.WaitAsync(timeout).ConfigureAwait(false);
                if (!returnType.IsGenericType)
                    return (null, typeof(void));
                return (task.GetType().GetProperty(nameof(Task<object>.Result))?.GetValue(task), returnType.GetGenericArguments()[0]);
            default:
                throw new InvalidOperationException($"the method answered a {result.GetType().Name}, not a task");
        }
    }

    private static JsCallResult Failed(string state, Error error) => new(state, null, error.Message);
}

/// <summary>What JS gets back from a call into an exposed .NET object.</summary>
/// <param name="State">"alive", or "collected", "dropped", "unknown", "disposed", "error".</param>
/// <param name="Value">The method's result as JSON, when alive and the method returns one.</param>
/// <param name="Message">Why not, otherwise.</param>
public sealed record JsCallResult(string State, JsonElement? Value, string? Message);
