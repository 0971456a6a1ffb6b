using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Interop;

/// <summary>
/// The JSON contract of every <see cref="JsHandle{T}"/>: it refuses to be written. A call's top-level handle
/// arguments are replaced by markers before anything is serialized, so a handle the
/// serializer meets is one nested inside an argument (an array, a dictionary, an object of the caller's). Written
/// as its own JSON it would reach JS as <c>{"value":N,"isDefault":false}</c>, data that looks like a handle and is
/// none; refused, the call answers <see cref="HandleError.InvalidArgument"/> with where it was, and sends nothing.
/// Reading one is refused too: a handle is made by its service, never from JSON.
/// </summary>
/// <remarks>
/// Public only because an app's source-generated JSON context that includes a type holding a handle instantiates
/// the converter named by <see cref="JsonConverterAttribute"/> in the app's own code; not for use otherwise.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class NestedHandleRefusal : JsonConverterFactory
{
    /// <inheritdoc/>
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(JsHandle<>);

    // MakeGenericType needs dynamic code under NativeAOT, where it throws for an instantiation that was not
    // compiled; that exception reaches the same catch as the refusal (the call answers an error, sends nothing).
    // Blazor runs on CoreCLR (Server) and on Mono (WebAssembly), where it always succeeds; Refusal<T> keeps no
    // member that reflection reads.
    /// <inheritdoc/>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "See above: a failure is itself a refusal, and Blazor's runtimes make any instantiation.")]
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Refusal<>).MakeGenericType(typeToConvert.GetGenericArguments()))!;

    private sealed class Refusal<T> : JsonConverter<JsHandle<T>>
    {
        public override JsHandle<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("a JsHandle cannot be read from JSON: its service makes it (Hold, Resolve)");

        public override void Write(Utf8JsonWriter writer, JsHandle<T> value, JsonSerializerOptions options) =>
            throw new NestedHandleException();
    }
}

/// <summary>A JsHandle met inside an argument, with where it was once <see cref="JsArgumentList"/> has found it.</summary>
internal sealed class NestedHandleException : JsonException
{
    public NestedHandleException(string? at = null)
        : base("a JsHandle inside an argument cannot cross as a handle") => At = at;

    /// <summary>Where the handle was: $ is the call's argument list (for Set, the value); null until known.</summary>
    public string? At { get; }

    /// <summary>The refusal, as the call answers it.</summary>
    public string Reason =>
        $"a JsHandle inside an argument cannot cross as a handle (at {At ?? "$"}); only a top-level argument is sent as one: pass it as an argument of its own";
}
