using Microsoft.Extensions.DependencyInjection;

namespace Tether.Interop;

/// <summary>Registers Tether's Blazor services.</summary>
public static class TetherServiceCollectionExtensions
{
    /// <summary>Adds <see cref="JsHandles"/>, one per circuit (Server) or per app (WebAssembly).</summary>
    public static IServiceCollection AddTether(this IServiceCollection services) =>
        services.AddScoped(provider => new JsHandles(provider.GetRequiredService<Microsoft.JSInterop.IJSRuntime>()));
}
