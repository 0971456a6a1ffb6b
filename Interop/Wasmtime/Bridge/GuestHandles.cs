using System;
using System.Collections.Concurrent;
using System.Threading;
using global::Wasmtime;
using LanguageExt;

namespace Tether.Wasmtime;

/// <summary>
/// One guest instance's view of its handles: the table (or scope) attached to its store, the host's way
/// to mint handles for the guest and resolve the ones it passes back, and its pending collection notices.
/// </summary>
public sealed class GuestHandles
{
    private readonly ConcurrentQueue<long> _pending = new();
    private readonly HandleScope? _scope;
    private int _delivering;

    internal GuestHandles(HandleBridgeOptions options, HandleTable table, HandleScope? scope)
    {
        Options = options;
        Table = table;
        _scope = scope;
        table.Collected += notice =>
        {
            if (_scope is null || _scope.Contains(notice.Raw))
                _pending.Enqueue(notice.Raw);
        };
    }

    /// <summary>The bridge's options.</summary>
    public HandleBridgeOptions Options { get; }

    /// <summary>The table the guest's handles live in.</summary>
    public HandleTable Table { get; }

    /// <summary>How many collection notices wait for the next safe point.</summary>
    public int PendingNotices => _pending.Count;

    /// <summary>
    /// Adds a resource for the guest and returns what the guest receives: the handle's wire value
    /// (positive), or a negative <see cref="GuestCodes"/> code. In the I32 form it fits an <c>int</c>.
    /// </summary>
    public long Mint<T>(T resource, Hold hold = Hold.Strong, Ownership ownership = Ownership.Borrowed)
        where T : class
    {
        var added = _scope is null ? Table.Add(resource, hold, ownership) : _scope.Add(resource, hold, ownership);
        return added.Match(
            handle => Options.Form == WireForm.I64
                ? handle.Raw
                : Table.ToCompact(handle).Match(compact => (long)compact, error =>
                {
                    Table.Drop(handle);
                    return GuestCodes.Of(error);
                }),
            error => GuestCodes.Of(error));
    }

    /// <summary>Turns a wire value from the guest into a typed handle, validating it completely.</summary>
    public Fin<Handle<T>> Resolve<T>(long wire)
        where T : class
    {
        var resolved = Options.Form == WireForm.I64
            ? Table.Resolve<T>(wire)
            : wire is >= int.MinValue and <= int.MaxValue
                ? Table.ResolveCompact<T>((int)wire)
                : Fin<Handle<T>>.Fail(new HandleError.Unknown(wire));
        if (_scope is not null && resolved.IsSucc && !_scope.Contains(resolved.ThrowIfFail().Raw))
            return Fin<Handle<T>>.Fail(new HandleError.WrongScope(wire));
        return resolved;
    }

    /// <summary>The resource behind a wire value from the guest, or why not.</summary>
    public Fin<T> Get<T>(long wire)
        where T : class => Resolve<T>(wire).Bind(Table.Get);

    /// <summary>The raw value of a guest's wire value, untyped, for drop, loosen, tighten and state.</summary>
    internal Fin<long> RawOf(long wire)
    {
        var raw = Options.Form == WireForm.I64
            ? Fin<long>.Succ(wire)
            : wire is >= int.MinValue and <= int.MaxValue
                ? Table.ExpandCompact((int)wire)
                : Fin<long>.Fail(new HandleError.Unknown(wire));
        if (_scope is not null && raw.IsSucc && Table.State(raw.ThrowIfFail()) != HandleState.Unknown && !_scope.Contains(raw.ThrowIfFail()))
            return Fin<long>.Fail(new HandleError.WrongScope(wire));
        return raw;
    }

    /// <summary>
    /// Delivers pending notices to the guest's notice export, if it has one. Call it between guest calls;
    /// the bridge also delivers at the end of each of its own host calls. Returns how many were delivered.
    /// </summary>
    public int Pump(Instance instance) =>
        _pending.IsEmpty ? 0 : Deliver(instance.GetFunction(Options.NoticeExport));

    /// <summary>
    /// A safe point inside a host function: delivers pending notices through the calling instance. Host
    /// functions of the application may call it before they return.
    /// </summary>
    public int SafePoint(Caller caller) =>
        _pending.IsEmpty ? 0 : Deliver(caller.GetFunction(Options.NoticeExport));

    private int Deliver(Function? function)
    {
        // A notice handler that calls back into the ABI reaches another safe point: deliver once, not nested.
        if (Interlocked.Exchange(ref _delivering, 1) == 1)
            return 0;
        try
        {
            if (function is null)
                return 0;
            int delivered = 0;
            while (_pending.TryDequeue(out var raw))
            {
                if (Options.Form == WireForm.I64)
                {
                    function.Invoke(raw);
                }
                else
                {
                    function.Invoke(Table.ToCompact(raw).IfFail(0));
                }

                delivered++;
            }

            return delivered;
        }
        finally
        {
            Volatile.Write(ref _delivering, 0);
        }
    }
}
