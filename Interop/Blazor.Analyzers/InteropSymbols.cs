using Microsoft.CodeAnalysis;

namespace Tether.Interop.Analyzers;

/// <summary>The symbols the analyzer speaks of, found once per compilation; none for a project without Tether.Interop.</summary>
internal sealed class InteropSymbols
{
    private readonly IAssemblySymbol _interop;

    private InteropSymbols(IAssemblySymbol interop, INamedTypeSymbol jsInvokable, INamedTypeSymbol? context, INamedTypeSymbol? serializable)
    {
        _interop = interop;
        JsInvokable = jsInvokable;
        Context = context;
        Serializable = serializable;
    }

    /// <summary>Microsoft.JSInterop's JSInvokableAttribute.</summary>
    public INamedTypeSymbol JsInvokable { get; }

    /// <summary>System.Text.Json's JsonSerializerContext, if the compilation sees it.</summary>
    public INamedTypeSymbol? Context { get; }

    /// <summary>System.Text.Json's JsonSerializableAttribute, if the compilation sees it.</summary>
    public INamedTypeSymbol? Serializable { get; }

    /// <summary>The symbols, or none when the compilation does not reference Tether.Interop (it then pays for no analysis).</summary>
    public static InteropSymbols? Of(Compilation compilation)
    {
        IAssemblySymbol? interop = null;
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol { Name: "Tether.Interop" } assembly)
                interop = assembly;
        }

        if (interop is null || compilation.GetTypeByMetadataName("Microsoft.JSInterop.JSInvokableAttribute") is not { } jsInvokable)
            return null;
        return new InteropSymbols(
            interop,
            jsInvokable,
            compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext"),
            compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute"));
    }

    /// <summary>Whether the method is <c>JsHandles.Expose&lt;T&gt;</c> or <c>JsScope.Expose&lt;T&gt;</c> of Tether.Interop.</summary>
    public bool IsExpose(IMethodSymbol method) =>
        method is { Name: "Expose", IsGenericMethod: true, TypeArguments.Length: 1 }
        && method.ContainingType is { Name: "JsHandles" or "JsScope", ContainingNamespace: { Name: "Interop", ContainingNamespace: { Name: "Tether", ContainingNamespace.IsGlobalNamespace: true } } } type
        && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _interop);
}
