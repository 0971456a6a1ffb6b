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
    private JsScope? _scope;

    /// <summary>The service (injected).</summary>
    [Inject]
    protected JsHandles JsHandles { get; set; } = null!;

    /// <summary>The component's scope, opened on first use.</summary>
    protected JsScope Handles => _scope ??= JsHandles.OpenScope();

    /// <summary>Ends the component's scope; override <see cref="DisposeAsyncCore"/> to add your own cleanup.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        if (_scope is { } scope)
            await scope.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>The component's own asynchronous cleanup, run before its scope ends.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
