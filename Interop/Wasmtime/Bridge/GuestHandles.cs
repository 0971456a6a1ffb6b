using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using global::Wasmtime;
using LanguageExt;

namespace Tether.Wasmtime;

/// <summary>
/// One guest instance's view of its handles: the table (or scope) attached to its store, the host's way
/// to mint handles for the guest and resolve the ones it passes back, and its pending collection notices.
/// </summary>
/// <remarks>
/// Notices queue only while the guest can take them: once a safe point finds that the instance has no
/// notice export of the right signature, the queue is emptied and stays empty. The table holds this object
/// only weakly (through an internal forwarder), so a guest whose store is gone is collected and
/// unsubscribes at the next notice.
/// </remarks>
public sealed class GuestHandles
{
    private readonly ConcurrentQueue<long> _pending = new();
    private readonly HandleScope? _scope;
    private int _delivering;

    // The notice export, looked up once: 0 not yet, 1 present, 2 absent or of another signature.
    private int _exportState;
    private Function? _export;

    // A notice whose delivery trapped: delivered first at the next safe point, never lost.
    private long _retry;

    internal GuestHandles(HandleBridgeOptions options, HandleTable table, HandleScope? scope)
    {
        Options = options;
        Table = table;
        _scope = scope;
        NoticeForwarder.Subscribe(this, table);
    }

    /// <summary>The bridge's options.</summary>
    public HandleBridgeOptions Options { get; }

    /// <summary>The table the guest's handles live in.</summary>
    public HandleTable Table { get; }

    /// <summary>How many collection notices wait for the next safe point.</summary>
    public int PendingNotices => _pending.Count + (Volatile.Read(ref _retry) != 0 ? 1 : 0);

    /// <summary>A notice of the table: queue it if it is this guest's and the guest can take notices.</summary>
    internal void Enqueue(CollectionNotice notice)
    {
        if (Volatile.Read(ref _exportState) == 2)
            return;

        // The scope the handle belonged to when it was collected: with SlotPolicy.Reclaim the handle has
        // already left it by the time the notice is published.
        if (_scope is not null && !ReferenceEquals(notice.Scope, _scope))
            return;
        _pending.Enqueue(notice.Raw);
    }

    /// <summary>
    /// Adds a resource for the guest and returns what the guest receives: the handle's wire value
    /// (positive), or a negative <see cref="GuestCodes"/> code. In the I32 form it fits an <c>int</c>.
    /// </summary>
    public long Mint<T>(T resource, Hold hold = Hold.Strong, Ownership ownership = Ownership.Borrowed)
        where T : class
    {
        // No lambda captures anything here: a mint allocates no closure, only what the table itself does.
        var added = _scope is null ? Table.Add(resource, hold, ownership) : _scope.Add(resource, hold, ownership);
        if (added.IsFail)
            return added.Match(static _ => 0L, static error => GuestCodes.Of(error));
        var handle = added.ThrowIfFail();
        if (Options.Form == WireForm.I64)
            return handle.Raw;

        var compact = Table.ToCompact(handle);
        if (compact.IsSucc)
            return compact.ThrowIfFail();
        Table.Drop(handle);
        return compact.Match(static _ => 0L, static error => GuestCodes.Of(error));
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

    /// <summary>
    /// The resource behind a wire value from the guest, validated as <see cref="Get{T}(long)"/> validates it,
    /// for host functions that answer the guest with a code: 0 and the resource, or the code of the error
    /// <see cref="Get{T}(long)"/> would give (negative) and null. A refusal allocates nothing.
    /// </summary>
    public int TryGet<T>(long wire, [NotNullWhen(true)] out T? resource)
        where T : class
    {
        resource = null;
        long raw = Options.Form == WireForm.I64
            ? wire
            : wire is >= int.MinValue and <= int.MaxValue ? Table.ExpandCompactCode((int)wire) : -HandleErrorCode.Unknown;
        if (Options.Form == WireForm.I32 && raw <= 0)
            return (int)raw;

        // In this order, as Get does: resolve (a current handle of the type, collected or not), then the scope,
        // then the read. So a scoped guest hears WrongScope about another scope's handle whatever its state, and
        // learns nothing of it (not even that it was collected).
        if (_scope is not null)
        {
            long resolved = Table.ResolveCode<T>(raw);
            if (resolved <= 0)
                return (int)resolved;
            if (!_scope.Contains(raw))
                return -HandleErrorCode.WrongScope;
        }

        int code = Table.GetCode(raw, out T? found);
        if (code != GuestCodes.Ok)
            return code;
        resource = found!;
        return GuestCodes.Ok;
    }

    /// <summary>
    /// The raw value of a guest's wire value, untyped, for drop, loosen, tighten and state; or false and the
    /// error's code, negated. A refusal allocates nothing, whatever the guest passes.
    /// </summary>
    /// <remarks>
    /// In scope mode a current handle of another scope is <see cref="HandleError.WrongScope"/>. A handle that
    /// has ended is passed on, so the guest hears <c>Dropped</c> (or <c>Collected</c>) about its own old
    /// handles, as it would without a scope; an ended handle reaches nothing, whoever held it.
    /// </remarks>
    internal bool TryRaw(long wire, out long raw, out int code)
    {
        code = GuestCodes.Ok;
        raw = wire;
        if (Options.Form == WireForm.I32)
        {
            raw = wire is >= int.MinValue and <= int.MaxValue ? Table.ExpandCompactCode((int)wire) : -HandleErrorCode.Unknown;
            if (raw <= 0)
            {
                code = (int)raw;
                return false;
            }
        }

        if (_scope is not null && Table.State(raw) is HandleState.Alive or HandleState.Collected && !_scope.Contains(raw))
        {
            code = -HandleErrorCode.WrongScope;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Delivers pending notices to the guest's notice export, if it has one. Call it between guest calls;
    /// the bridge also delivers at the end of each of its own host calls. Returns how many were delivered.
    /// Never throws: a trap in the guest's handler keeps that notice for the next safe point, and an
    /// instance or store that is gone delivers nothing.
    /// </summary>
    public int Pump(Instance instance)
    {
        if (PendingNotices == 0 || instance is null)
            return 0;
        try
        {
            return Deliver(NeedsLookup ? instance.GetFunction(Options.NoticeExport) : null);
        }
        catch (Exception)
        {
            return 0;
        }
    }

    /// <summary>
    /// A safe point inside a host function: delivers pending notices through the calling instance. Host
    /// functions of the application may call it before they return. Never throws.
    /// </summary>
    public int SafePoint(Caller caller)
    {
        // Every ABI call ends here: the common case (nothing pending) is two reads, not a queue count.
        if (_pending.IsEmpty && Volatile.Read(ref _retry) == 0)
            return 0;
        try
        {
            return Deliver(NeedsLookup ? caller.GetFunction(Options.NoticeExport) : null);
        }
        catch (Exception)
        {
            return 0;
        }
    }

    private bool NeedsLookup => Volatile.Read(ref _exportState) == 0;

    /// <summary>The notice export, looked up once; null when the guest has none of the right signature.</summary>
    private Function? Export(Function? looked)
    {
        if (Volatile.Read(ref _exportState) == 0)
        {
            var function = looked;
            var wanted = Options.Form == WireForm.I64 ? ValueKind.Int64 : ValueKind.Int32;
            bool fits = function is not null && function.Parameters.Count == 1 && function.Parameters[0] == wanted && function.Results.Count == 0;
            _export = fits ? function : null;
            Volatile.Write(ref _exportState, fits ? 1 : 2);
            if (!fits)
            {
                // It can never take a notice: keep none.
                _pending.Clear();
                Volatile.Write(ref _retry, 0);
            }
        }

        return _export;
    }

    private int Deliver(Function? looked)
    {
        // A notice handler that calls back into the ABI reaches another safe point: deliver once, not nested.
        if (Interlocked.Exchange(ref _delivering, 1) == 1)
            return 0;
        try
        {
            if (Export(looked) is not { } function)
                return 0;
            int delivered = 0;
            long raw = Interlocked.Exchange(ref _retry, 0);
            while (raw != 0 || _pending.TryDequeue(out raw))
            {
                try
                {
                    if (Options.Form == WireForm.I64)
                        function.Invoke(raw);
                    else
                        function.Invoke(Table.CompactUnchecked(raw));
                }
                catch (Exception)
                {
                    // The guest trapped: this notice waits for the next safe point, and so do the rest.
                    Volatile.Write(ref _retry, raw);
                    return delivered;
                }

                delivered++;
                raw = 0;
            }

            return delivered;
        }
        finally
        {
            Volatile.Write(ref _delivering, 0);
        }
    }
}

/// <summary>
/// Forwards a table's notices to a guest it holds only weakly, and unsubscribes once the guest is gone: the
/// table must not keep every guest that ever attached to it alive, nor queue notices for dead ones.
/// </summary>
internal sealed class NoticeForwarder
{
    private readonly WeakReference<GuestHandles> _guest;
    private readonly HandleTable _table;

    private NoticeForwarder(GuestHandles guest, HandleTable table)
    {
        _guest = new WeakReference<GuestHandles>(guest);
        _table = table;
    }

    public static void Subscribe(GuestHandles guest, HandleTable table)
    {
        var forwarder = new NoticeForwarder(guest, table);
        table.Collected += forwarder.OnNotice;
    }

    private void OnNotice(CollectionNotice notice)
    {
        if (_guest.TryGetTarget(out var guest))
            guest.Enqueue(notice);
        else
            _table.Collected -= OnNotice;
    }
}
