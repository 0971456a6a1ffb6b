using Microsoft.CodeAnalysis;

namespace Tether.Interop.Analyzers;

/// <summary>The diagnostics the Tether.Interop analyzers report, one stable id each (TETHER1xx; Tether.Core has TETHER0xx).</summary>
internal static class Descriptors
{
    public static readonly DiagnosticDescriptor ReflectionJson = new(
        id: "TETHER101",
        title: "A type an exposed method takes or answers crosses the JS boundary through reflection-based JSON in a trimmed project",
        messageFormat: "'{0}' crosses the JS boundary {1} through reflection-based JSON; a trimmed publish may remove its members, and the call then answers Serialization. Declare it in a JsonSerializerContext ([JsonSerializable(typeof({0}))]) and pass the context as JsHandlesOptions.Json.",
        category: "Trimming",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "JS calls the [JSInvokable] methods of an object exposed with JsHandles.Expose (or JsScope.Expose) through callDotNet; their parameters and results cross as JSON. A type that no JsonSerializerContext declares is read and written through reflection, and a trimmer may remove the constructor and properties that needs: the call then answers an InteropError.Serialization naming the type.");

    public static readonly DiagnosticDescriptor NoContract = new(
        id: "TETHER102",
        title: "A type an exposed method takes or answers has no JSON contract, and reflection-based JSON is off",
        messageFormat: "'{0}' crosses the JS boundary {1}, but no JsonSerializerContext declares it and this project switches reflection-based JSON off (JsonSerializerIsReflectionEnabledByDefault=false), so the call answers Serialization. Declare it in a JsonSerializerContext ([JsonSerializable(typeof({0}))]) and pass the context as JsHandlesOptions.Json.",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Without reflection-based JSON, only the types a JsonSerializerContext declares (yours through JsHandlesOptions.Json, or Tether's own) can cross: any other parameter or result type of an exposed method makes the call answer an InteropError.Serialization.");
}
