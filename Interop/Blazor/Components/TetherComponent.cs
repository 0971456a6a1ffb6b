using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Components;

namespace Tether.Interop;

/// <summary>
/// A component base whose <see cref="Handles"/> scope ends with the component: everything held or exposed
/// through it is dropped when Blazor disposes the component, with no bookkeeping. Disposal awaits nothing
/// on the renderer's thread (the drop is one interop call, awaited without the renderer's context).
/// </summary>
public abstract class TetherComponent : ComponentBase, IAsyncDisposable
{
    private readonly object _gate = new();
    private JsScope? _scope;
    private bool _disposed;

    /// <summary>The service (injected).</summary>
    [Inject]
    protected JsHandles JsHandles { get; set; } = null!;

    /// <summary>
    /// The component's scope, opened on first use. After the component is disposed it is a disposed scope:
    /// a hold that an <c>OnAfterRenderAsync</c> still in flight makes then answers <c>Disposed</c>, and
    /// nothing outlives the component.
    /// </summary>
    protected JsScope Handles
    {
        get
        {
            lock (_gate)
                return _scope ??= JsHandles.OpenScope(disposed: _disposed);
        }
    }

    /// <summary>Ends the component's scope; override the protected <c>DisposeAsyncCore</c> to add your own cleanup.</summary>
    public async ValueTask DisposeAsync()
    {
        JsScope? scope;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            scope = _scope;
        }

        try
        {
            await DisposeAsyncCore().ConfigureAwait(false);
        }
        finally
        {
            // The scope ends whatever the component's own cleanup did.
            if (scope is not null)
                await scope.DisposeAsync().ConfigureAwait(false);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>The component's own asynchronous cleanup, run before its scope ends.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
