using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Interop;

/// <summary>
/// Where a refused handle is inside an argument, for the error only (never on a call that succeeds): through
/// dictionaries, sequences and the public properties the serializer writes, to a bounded depth. Reading a
/// property runs its getter a second time (the serializer ran it first); a getter that throws is skipped.
/// </summary>
internal static class NestedHandlePath
{
    private const int MaxDepth = 32;

    public static string? Find(object? value, string at, JsonSerializerOptions options) =>
        Find(value, at, options, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Properties the trimmer removed were not serialized either; then the path ends at the argument.")]
    private static string? Find(object? value, string at, JsonSerializerOptions options, int depth, HashSet<object> seen)
    {
        switch (value)
        {
            case IJsHandleArgument:
                return at;
            case null or string or JsonElement or IConvertible:
                return null;
        }

        if (depth >= MaxDepth || (!value.GetType().IsValueType && !seen.Add(value)))
            return null;
        try
        {
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (Find(entry.Value, at + Member(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""), options, depth + 1, seen) is { } found)
                        return found;
                }

                return null;
            }

            if (value is IEnumerable sequence)
            {
                int i = 0;
                foreach (var item in sequence)
                {
                    if (Find(item, $"{at}[{i++}]", options, depth + 1, seen) is { } found)
                        return found;
                }

                return null;
            }

            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length != 0 || property.GetMethod is null || property.IsDefined(typeof(JsonIgnoreAttribute)))
                    continue;
                object? inner;
                try
                {
                    inner = property.GetValue(value);
                }
                catch (Exception)
                {
                    continue;
                }

                string name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                    ?? options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
                if (Find(inner, at + Member(name), options, depth + 1, seen) is { } found)
                    return found;
            }
        }
        catch (Exception)
        {
            // A sequence or dictionary whose enumeration throws: the path ends here.
        }

        return null;
    }

    private static string Member(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
                return $"[{JsonSerializer.Serialize(name, TetherJsonContext.Default.String)}]";
        }

        return name.Length == 0 ? "[\"\"]" : "." + name;
    }
}
