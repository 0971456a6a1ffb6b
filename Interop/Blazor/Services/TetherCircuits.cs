using System;
using System.ComponentModel;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;

namespace Tether.Interop;

/// <summary>
/// Infrastructure for Blazor Server apps: the package compiles a circuit handler into a Blazor Server app (the
/// circuit types live in the ASP.NET Core framework, which this package cannot reference: it runs on WebAssembly
/// too), and that handler registers itself here before the app starts. <c>AddTether</c> then adds it, and it calls
/// <see cref="JsHandles.ConnectionDown"/> and <see cref="JsHandles.ConnectionUp"/> as the circuit's connection goes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TetherCircuits
{
    private static Action<IServiceCollection>? s_register;

    /// <summary>Called by the compiled-in circuit handler's module initializer; a null registration is ignored.</summary>
    /// <param name="register">Adds the circuit handler to a service collection.</param>
    public static void Use(Action<IServiceCollection> register)
    {
        if (register is not null)
            Volatile.Write(ref s_register, register);
    }

    /// <summary>Adds the circuit handler, if an app compiled one in.</summary>
    internal static void AddTo(IServiceCollection services) => Volatile.Read(ref s_register)?.Invoke(services);
}
