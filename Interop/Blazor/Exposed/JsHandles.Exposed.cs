using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
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

    /// <summary>
    /// .NET objects exposed to JS, by Tether handle (see <see cref="Expose{T}(T, Hold)"/>). Made on first use.
    /// Weakly exposed objects that the GC collected free their slots by themselves (<see cref="SlotPolicy.Reclaim"/>).
    /// </summary>
    public HandleTable Exposed => LazyInitializer.EnsureInitialized(ref _exposed, MakeExposedTable);

    private static HandleTable MakeExposedTable()
    {
        var table = HandleTable.Create(new HandleTableOptions { NotifyCollected = true, SlotPolicy = SlotPolicy.Reclaim })
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
    /// can be called; their parameters and results cross as JSON through <see cref="JsHandlesOptions.Json"/>.
    /// </summary>
    public Fin<long> Expose<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] T>(T obj, Hold hold = Tether.Hold.Strong)
        where T : class
    {
        if (_bridge.IsDisposed)
            return Fin<long>.Fail(new HandleError.Disposed(0));
        if (obj is null)
            return Fin<long>.Fail(new HandleError.NullResource(typeof(T)));
        CallableMethods.Register<T>(obj.GetType());
        return Exposed.Add<object>(obj, hold).Map(h => h.Raw);
    }

    /// <summary>A reference JS can pass to <c>callDotNet</c>. It reaches <see cref="InvokeExposed"/> and nothing else of use.</summary>
    public DotNetObjectReference<JsHandles> Reference => LazyInitializer.EnsureInitialized(ref _self, () => DotNetObjectReference.Create(this));

    /// <summary>Called from JS: invokes a callable method of an exposed object. Answers an envelope, never throws.</summary>
    [JSInvokable]
    public JsCallResult InvokeExposed(long handle, string? method, JsonElement[]? args)
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
        var callable = method is null ? null : CallableMethods.Find(obj.GetType(), method, args.Length);
        if (callable is null)
            return new JsCallResult("error", null, $"{obj.GetType().Name} has no callable method {method} taking {args.Length} arguments (mark it [JSInvokable])");

        var parameters = callable.GetParameters();
        var values = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            if (!_json.TryRead(args[i], parameters[i].ParameterType, handle, out values[i], out var invalid))
                return Failed("error", invalid);
        }

        object? result;
        try
        {
            result = callable.Invoke(obj, values);
        }
        catch (TargetInvocationException e)
        {
            return new JsCallResult("error", null, e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e)
        {
            return new JsCallResult("error", null, e.Message);
        }

        if (callable.ReturnType == typeof(void))
            return new JsCallResult("alive", null, null);
        return _json.Write(result, callable.ReturnType, handle)
            .Match(json => new JsCallResult("alive", json, null), e => Failed("error", e));
    }

    private static JsCallResult Failed(string state, Error error) => new(state, null, error.Message);
}

/// <summary>What JS gets back from a call into an exposed .NET object.</summary>
/// <param name="State">"alive", or "collected", "dropped", "unknown", "disposed", "error".</param>
/// <param name="Value">The method's result as JSON, when alive and the method returns one.</param>
/// <param name="Message">Why not, otherwise.</param>
public sealed record JsCallResult(string State, JsonElement? Value, string? Message);
