using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Tether.Analyzers.Tests;

/// <summary>
/// The analyzers run in every build of every project that installs Tether.Core: a project (or a compilation of it)
/// that does not reference Tether.Core registers no per-node work, so it pays nothing for them.
/// </summary>
public class AnalyzerRegistrationTests
{
    [Fact]
    public async Task A_compilation_without_Tether_Core_registers_no_syntax_node_or_operation_action()
    {
        var source = """
            static class Plain
            {
                static int M(string text) => text.Length + System.Math.Abs(text.Trim().Length);
            }
            """;
        var references = Snippets.References.Where(r => !(r.Display ?? "").EndsWith("Tether.Core.dll")).ToArray();
        var compilation = CSharpCompilation.Create(
            "Plain",
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        DiagnosticAnalyzer[] analyzers = [new DiscardedFinAnalyzer(), new FinUsedAsValueAnalyzer(), new CreateWithOptionsAnalyzer()];
        var withAnalyzers = compilation.WithAnalyzers([.. analyzers]);
        Assert.Empty(await withAnalyzers.GetAnalyzerDiagnosticsAsync());

        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
            Assert.Equal((analyzer.GetType().Name, 0, 0), (analyzer.GetType().Name, telemetry.SyntaxNodeActionsCount, telemetry.OperationActionsCount));
        }
    }
}
