using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tether.Interop.Analyzers;

/// <summary>
/// How the project is built, as far as JSON is concerned: whether it is trimmed or trim-analyzed, and whether its
/// reflection-based JSON is off. The package's build targets make these properties visible to analyzers.
/// </summary>
internal readonly struct ProjectSettings
{
    /// <summary>An app that is trimmed when published, or a library that says it is for such apps.</summary>
    private static readonly string[] TrimmedBy = ["PublishTrimmed", "IsTrimmable", "EnableTrimAnalyzer", "IsAotCompatible", "PublishAot"];

    private ProjectSettings(bool trimmed, bool reflectionOff)
    {
        Trimmed = trimmed;
        ReflectionOff = reflectionOff;
    }

    /// <summary>Trimmed when published (PublishTrimmed, PublishAot) or trim-analyzed (IsTrimmable, IsAotCompatible, EnableTrimAnalyzer).</summary>
    public bool Trimmed { get; }

    /// <summary>JsonSerializerIsReflectionEnabledByDefault=false: only types a JSON context declares can cross.</summary>
    public bool ReflectionOff { get; }

    /// <summary>Whether anything can be reported in such a project (else the analyzer does no work at all).</summary>
    public bool Checked => Trimmed || ReflectionOff;

    public static ProjectSettings Read(AnalyzerConfigOptions options)
    {
        bool trimmed = false;
        foreach (var property in TrimmedBy)
            trimmed |= Is(options, property, "true");
        return new ProjectSettings(trimmed, Is(options, "JsonSerializerIsReflectionEnabledByDefault", "false"));
    }

    private static bool Is(AnalyzerConfigOptions options, string property, string value) =>
        options.TryGetValue("build_property." + property, out var set) && string.Equals(set?.Trim(), value, StringComparison.OrdinalIgnoreCase);
}
