using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using static LanguageExt.Prelude;

namespace Tether.Interop;

/// <summary>
/// Handles that end together: everything held or exposed through the scope is dropped, in one interop call,
/// when it is disposed. A component opens one and disposes it with itself (<see cref="TetherComponent"/> does
/// both). Disposal never blocks its caller's thread and never throws.
/// </summary>
public sealed class JsScope : IAsyncDisposable
{
    private readonly JsHandles _service;
    private readonly object _gate = new();
    private readonly System.Collections.Generic.HashSet<long> _held = [];
    private readonly System.Collections.Generic.HashSet<long> _exposed = [];
    private bool _disposed;

    internal JsScope(JsHandles service, bool disposed = false)
    {
        _service = service;
        _disposed = disposed;
    }

    /// <summary>How many handles the scope holds now (JS objects and exposed .NET objects).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _held.Count + _exposed.Count;
        }
    }

    /// <summary>Whether the scope has been disposed.</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_gate)
                return _disposed;
        }
    }

    /// <summary>Holds a JS object for as long as the scope lives (or until dropped).</summary>
    public async Task<Fin<JsHandle<T>>> Hold<T>(IJSObjectReference obj, Hold hold = Tether.Hold.Strong, CancellationToken cancellationToken = default)
    {
        if (IsDisposed)
            return Fin<JsHandle<T>>.Fail(Closed(0));
        return await Track(await _service.Hold<T>(obj, hold, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Holds a rendered element for as long as the scope lives (or until dropped).</summary>
    public async Task<Fin<JsHandle<ElementReference>>> HoldElement(ElementReference element, Hold hold = Tether.Hold.Strong, CancellationToken cancellationToken = default)
    {
        if (IsDisposed)
            return Fin<JsHandle<ElementReference>>.Fail(Closed(0));
        return await Track(await _service.HoldElement(element, hold, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Exposes a .NET object to JS for as long as the scope lives (or until dropped).</summary>
    public Fin<long> Expose<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods)] T>(T obj, Hold hold = Tether.Hold.Strong)
        where T : class
    {
        if (IsDisposed)
            return Fin<long>.Fail(Closed(0));
        // Exposing adds to the exposed table, which records a metric: user code (a MeterListener) runs in that
        // call, so it must run with the scope's lock released. The scope takes the handle afterwards, or, if it
        // ended meanwhile, ends it at once.
        var exposed = _service.Expose(obj, hold);
        if (exposed.Case is not long raw)
            return exposed;
        lock (_gate)
        {
            if (!_disposed)
            {
                _exposed.Add(raw);
                return exposed;
            }
        }

        _service.Exposed.Drop(raw);
        return Fin<long>.Fail(Closed(raw));
    }

    /// <summary>What a call on an ended scope answers: the service's own Disposed once it is disposed, else the scope's.</summary>
    private HandleError.Disposed Closed(long raw) => _service.IsDisposedNow ? new HandleError.Disposed(raw) : HandleError.Disposed.Scope(raw);

    /// <summary>Drops one handle of the scope before the scope ends. If the drop did not reach JS (a timeout, a cancellation), the scope still ends it.</summary>
    public async Task<Fin<Unit>> Drop<T>(JsHandle<T> handle, CancellationToken cancellationToken = default)
    {
        bool mine;
        lock (_gate)
            mine = _held.Remove(handle.Value);
        var dropped = await _service.Drop(handle, cancellationToken).ConfigureAwait(false);
        if (mine && dropped.IsFail && dropped.Match(_ => false, e => e is InteropError.Timeout or InteropError.Canceled or InteropError.NotInteractive))
        {
            bool again;
            lock (_gate)
                again = !_disposed && _held.Add(handle.Value);
            if (!again)
                await _service.Drop(handle).ConfigureAwait(false); // the scope ended meanwhile: try once more now
        }

        return dropped;
    }

    /// <summary>Ends every handle of the scope: the JS ones in one interop call, the exposed ones at once.</summary>
    public async ValueTask DisposeAsync()
    {
        long[] held;
        long[] exposed;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            held = [.. _held];
            exposed = [.. _exposed];
            _held.Clear();
            _exposed.Clear();
        }

        foreach (long raw in exposed)
            _service.Exposed.Drop(raw);
        if (held.Length > 0)
            await _service.DropIssued(held, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<Fin<JsHandle<T>>> Track<T>(Fin<JsHandle<T>> held)
    {
        if (held.IsFail)
            return held;
        var handle = held.Match(h => h, _ => default);
        lock (_gate)
        {
            if (!_disposed)
            {
                _held.Add(handle.Value);
                return held;
            }
        }

        // The scope ended while the hold was in flight: the handle must not outlive it.
        await _service.Drop(handle).ConfigureAwait(false);
        return Fin<JsHandle<T>>.Fail(Closed(handle.Value));
    }
}
