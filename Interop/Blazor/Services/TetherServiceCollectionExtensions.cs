using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace Tether.Interop;

/// <summary>Registers Tether's Blazor services.</summary>
public static class TetherServiceCollectionExtensions
{
    /// <summary>Adds <see cref="JsHandles"/> with the default options, one per circuit (Server) or per app (WebAssembly).</summary>
    public static IServiceCollection AddTether(this IServiceCollection services) => services.AddTether(static options => options);

    /// <summary>
    /// Adds <see cref="JsHandles"/> with options, one per circuit (Server) or per app (WebAssembly). In a Blazor
    /// Server app that installs the package, also the circuit handler the package compiles in (see
    /// <see cref="TetherCircuits"/>), so a circuit whose connection goes down answers Disconnected at once.
    /// </summary>
    public static IServiceCollection AddTether(this IServiceCollection services, Func<JsHandlesOptions, JsHandlesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = configure?.Invoke(new JsHandlesOptions()) ?? new JsHandlesOptions();
        services.AddScoped(provider => new JsHandles(provider.GetRequiredService<IJSRuntime>(), options));
        TetherCircuits.AddTo(services);
        return services;
    }
}
