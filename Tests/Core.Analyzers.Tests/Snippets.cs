using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tether.Analyzers.Tests;

/// <summary>Compiles a C# snippet against Tether.Core and LanguageExt, as a consumer's project would, and runs analyzers on it.</summary>
internal static class Snippets
{
    /// <summary>The runtime's own assemblies and the two a Tether consumer references.</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(HandleTable).Assembly.Location, typeof(LanguageExt.Fin<>).Assembly.Location])
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>The snippet as the body of a method of a class, with the usings a guide shows.</summary>
    public static string InMethod(string body, string signature = "static async System.Threading.Tasks.Task M(HandleTableOptions options)") => $$"""
        using System;
        using System.Text;
        using LanguageExt;
        using Tether;

        static class Snippet
        {
            {{signature}}
            {
        {{body}}
            }
        }
        """;

    public static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Snippet.cs")],
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>What the analyzer reports, as "ID line: message", in order.</summary>
    public static async Task<string[]> Report(DiagnosticAnalyzer analyzer, string source)
    {
        var diagnostics = await Compile(source)
            .WithAnalyzers([analyzer])
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => $"{d.Id} {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.GetMessage()}")
            .ToArray();
    }

    /// <summary>The compiler's own errors, as their ids.</summary>
    public static string[] CompilerErrors(string source) =>
        Compile(source).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToArray();
}
