using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LanguageExt;
using LanguageExt.Common;

namespace Tether.Interop;

/// <summary>
/// Turns JSON into .NET values and back through contracts, never through unannotated reflection: the
/// user's resolver first, then tether's generated one, then (only where the app has the serializer's
/// reflection switched on) the reflection resolver. Every failure is a <see cref="InteropError.Serialization"/>,
/// whatever threw it: user getters, setters, constructors and converters run here.
/// </summary>
/// <remarks>
/// An exposed method's parameters and results (<see cref="TryRead"/>, <see cref="Write"/>) are read by reflection
/// only where no trimmer went over the type's assembly: elsewhere the getters no code called and the setters and
/// constructors no code used are gone, and reflection would read an object as defaults and write it as <c>{}</c>,
/// a wrong answer that looks right. Such a type answers Serialization instead, as TETHER101 warned at build time.
/// </remarks>
internal sealed class JsonContracts
{
    private readonly JsonSerializerOptions _options;
    private readonly JsonSerializerOptions _exposed;

    public JsonContracts(IJsonTypeInfoResolver? user)
        : this(user, TrimmedAssemblies.Contains)
    {
    }

    /// <param name="user">The app's contracts (<see cref="JsHandlesOptions.Json"/>).</param>
    /// <param name="trimmed">Whether a trimmer went over an assembly in this app.</param>
    internal JsonContracts(IJsonTypeInfoResolver? user, Func<Assembly, bool> trimmed)
    {
        IJsonTypeInfoResolver builtIn = user is null ? TetherJsonContext.Default : JsonTypeInfoResolver.Combine(user, TetherJsonContext.Default);
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = WithReflectionIfEnabled(builtIn, null) };
        _exposed = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = WithReflectionIfEnabled(builtIn, trimmed) };
    }

    // The trimmer replaces IsReflectionEnabledByDefault with a constant in trimmed apps, and removes the
    // branch (and the reflection resolver) when reflection is off; where it is on, the app has chosen it.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only used when the app enables reflection-based serialization (JsonSerializer.IsReflectionEnabledByDefault).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only used when the app enables reflection-based serialization (JsonSerializer.IsReflectionEnabledByDefault).")]
    private static IJsonTypeInfoResolver WithReflectionIfEnabled(IJsonTypeInfoResolver resolver, Func<Assembly, bool>? trimmed)
    {
        if (!JsonSerializer.IsReflectionEnabledByDefault)
            return resolver;
        var reflection = new DefaultJsonTypeInfoResolver();
        if (trimmed is not null)
            reflection.Modifiers.Add(info => RefuseTrimmed(info, trimmed));
        return JsonTypeInfoResolver.Combine(resolver, reflection);
    }

    /// <summary>
    /// Refuses a contract reflection made from a type's members where a trimmer went over them. Only an object's
    /// contract is read from its members; a converter's (numbers, strings, enums, a [JsonConverter] type's) is not,
    /// and a collection's elements are each refused on their own.
    /// </summary>
    private static void RefuseTrimmed(JsonTypeInfo info, Func<Assembly, bool> trimmed)
    {
        if (info.Kind == JsonTypeInfoKind.Object && trimmed(info.Type.Assembly))
        {
            throw new InvalidOperationException(
                $"{info.Type} has no contract in JsHandlesOptions.Json, and this app was trimmed: reflection would read it from members the trimmer may have removed, "
                + "and answer defaults or {}. Declare it in a JsonSerializerContext and pass the context as JsHandlesOptions.Json (the build names it: TETHER101).");
        }
    }

    /// <summary>Reads a value of type <typeparamref name="T"/>.</summary>
    public Fin<T> Read<T>(JsonElement json, long handle)
    {
        if (typeof(T) == typeof(JsonElement))
            return Fin<T>.Succ((T)(object)json.Clone());
        try
        {
            var info = _options.GetTypeInfo(typeof(T));
            object? value = json.Deserialize(info);
            return value is T typed ? Fin<T>.Succ(typed) : Fin<T>.Fail(new InteropError.Serialization(handle, typeof(T), $"the JSON {json.ValueKind} read as nothing"));
        }
        catch (Exception e)
        {
            return Fin<T>.Fail(new InteropError.Serialization(handle, typeof(T), e.Message));
        }
    }

    /// <summary>Reads a value of a type known only at run time (an exposed method's parameter); null is a value here.</summary>
    public bool TryRead(JsonElement json, Type type, long handle, out object? value, [NotNullWhen(false)] out Error? error)
    {
        try
        {
            value = json.Deserialize(_exposed.GetTypeInfo(type));
            error = null;
            return true;
        }
        catch (Exception e)
        {
            value = null;
            error = new InteropError.Serialization(handle, type, e.Message);
            return false;
        }
    }

    /// <summary>Writes a value of a type known only at run time (an exposed method's result).</summary>
    public Fin<JsonElement> Write(object? value, Type type, long handle)
    {
        try
        {
            return Fin<JsonElement>.Succ(JsonSerializer.SerializeToElement(value, _exposed.GetTypeInfo(type)));
        }
        catch (NestedHandleException)
        {
            // Only an exposed method's result is written here: the refusal's own words are about arguments.
            return Fin<JsonElement>.Fail(new InteropError.Serialization(handle, type,
                "a JsHandle in a method's result cannot cross as a handle: answer its Value, a number JS can pass back, which Resolve turns back into the handle"));
        }
        catch (Exception e)
        {
            return Fin<JsonElement>.Fail(new InteropError.Serialization(handle, type, e.Message));
        }
    }
}
