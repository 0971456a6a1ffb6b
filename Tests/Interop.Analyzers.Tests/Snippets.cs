using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tether.Interop.Analyzers.Tests;

/// <summary>
/// Compiles C# snippets against Tether.Interop, as an app that installs the package does, and runs the analyzer
/// on them with the build properties the package's targets make visible to it.
/// </summary>
internal static class Snippets
{
    /// <summary>The usings every snippet starts with (six lines, then a blank one).</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using Microsoft.JSInterop;
        using Tether.Interop;

        """;

    /// <summary>A Blazor WebAssembly app's properties at build time: its SDK sets PublishTrimmed.</summary>
    public static readonly IReadOnlyDictionary<string, string> Trimmed = new Dictionary<string, string> { ["PublishTrimmed"] = "true" };

    /// <summary>A project that is neither trimmed nor trim-analyzed (a Blazor Server app, a plain library).</summary>
    public static readonly IReadOnlyDictionary<string, string> NotTrimmed = new Dictionary<string, string>();

    /// <summary>The runtime's own assemblies and those a Tether.Interop consumer references.</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([
                typeof(JsHandles).Assembly.Location,
                typeof(HandleTable).Assembly.Location,
                typeof(LanguageExt.Fin<>).Assembly.Location,
                typeof(Microsoft.JSInterop.JSInvokableAttribute).Assembly.Location,
            ])
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    public static CSharpCompilation Compile(params (string Path, string Source)[] files) => Compile(References, files);

    public static CSharpCompilation Compile(ImmutableArray<MetadataReference> references, params (string Path, string Source)[] files) =>
        CSharpCompilation.Create(
            "Snippet",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, new CSharpParseOptions(LanguageVersion.Latest), path: f.Path)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>What the analyzer reports on one file in a trimmed project, as "ID line:column: message", in order.</summary>
    public static Task<string[]> Report(string source) => Report(Trimmed, ("Snippet.cs", source));

    /// <summary>What the analyzer reports on one file with these build properties.</summary>
    public static Task<string[]> Report(IReadOnlyDictionary<string, string> properties, string source) => Report(properties, ("Snippet.cs", source));

    /// <summary>What the analyzer reports on these files with these build properties, as "ID line:column: message".</summary>
    public static async Task<string[]> Report(IReadOnlyDictionary<string, string> properties, params (string Path, string Source)[] files) =>
        Describe(await Diagnostics(Compile(files), properties));

    public static Task<ImmutableArray<Diagnostic>> Diagnostics(Compilation compilation, IReadOnlyDictionary<string, string> properties) =>
        compilation.WithAnalyzers([new ExposedJsonAnalyzer()], Options(properties)).GetAnalyzerDiagnosticsAsync();

    /// <summary>How many syntax node and operation actions the analyzer registered for a compilation.</summary>
    public static async Task<(int SyntaxNodeActions, int OperationActions)> Registered(Compilation compilation, IReadOnlyDictionary<string, string> properties)
    {
        var analyzer = new ExposedJsonAnalyzer();
        var withAnalyzer = compilation.WithAnalyzers([analyzer], Options(properties));
        await withAnalyzer.GetAnalyzerDiagnosticsAsync();
        var telemetry = await withAnalyzer.GetAnalyzerTelemetryInfoAsync(analyzer, default);
        return (telemetry.SyntaxNodeActionsCount, telemetry.OperationActionsCount);
    }

    /// <summary>The analyzer options of a project with these build properties.</summary>
    public static AnalyzerOptions Options(IReadOnlyDictionary<string, string> properties) => new([], new BuildProperties(properties));

    public static string[] Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.GetMessage(), StringComparer.Ordinal)
            .Select(d => $"{d.Id} {Position(d.Location)}: {d.GetMessage()}")
            .ToArray();

    /// <summary>Where a diagnostic is, as the compiler prints it: line and column from 1, in the mapped file.</summary>
    public static string Position(Location location)
    {
        var span = location.GetMappedLineSpan();
        return $"{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}";
    }

    /// <summary>Line and column (from 1) of the nth (from 1) occurrence of a text in a source.</summary>
    public static string At(string source, string text, int occurrence = 1)
    {
        int index = -1;
        for (int i = 0; i < occurrence; i++)
        {
            index = source.IndexOf(text, index + 1, StringComparison.Ordinal);
            if (index < 0)
                throw new ArgumentException($"'{text}' does not occur {occurrence} times");
        }

        var before = source[..index];
        int line = before.Count(c => c == '\n') + 1;
        int column = index - (before.LastIndexOf('\n') + 1) + 1;
        return $"{line}:{column}";
    }

    /// <summary>TETHER101's message for a type and where it crosses.</summary>
    public static string Reflection(string type, string where) =>
        $"'{type}' crosses the JS boundary {where} through reflection-based JSON; a trimmed publish may remove its members, and the call then answers Serialization. Declare it in a JsonSerializerContext ([JsonSerializable(typeof({type}))]) and pass the context as JsHandlesOptions.Json.";

    /// <summary>TETHER102's message for a type and where it crosses.</summary>
    public static string NoContract(string type, string where) =>
        $"'{type}' crosses the JS boundary {where}, but no JsonSerializerContext declares it and this project switches reflection-based JSON off (JsonSerializerIsReflectionEnabledByDefault=false), so the call answers Serialization. Declare it in a JsonSerializerContext ([JsonSerializable(typeof({type}))]) and pass the context as JsHandlesOptions.Json.";

    /// <summary>The build properties MSBuild hands the analyzers (build_property.X), as a project's .editorconfig would.</summary>
    private sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new([]);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
