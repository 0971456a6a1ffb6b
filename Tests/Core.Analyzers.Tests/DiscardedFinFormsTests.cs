using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Tether.Analyzers.Tests;

/// <summary>TETHER001 where the statement is implicit (expression bodies, lambdas, top-level code), and never for a Fin Tether did not make.</summary>
public class DiscardedFinFormsTests
{
    private static string Ignored(string member, int line) =>
        $"TETHER001 {line}: The Fin that '{member}' returns is ignored, so a failure would be lost: match it (.Match(Succ: ..., Fail: ...)), test IsFail, or discard it on purpose with '_ = ...'";

    [Fact]
    public async Task A_void_expression_bodied_method_or_Action_lambda_that_drops_is_reported_and_a_Func_returning_the_Fin_is_not()
    {
        var source = """
            using System;
            using System.Text;
            using LanguageExt;
            using Tether;

            static class Snippet
            {
                static void Free(HandleTable table, Handle<StringBuilder> handle) => table.Drop(handle);
                static Fin<Unit> Kept(HandleTable table, Handle<StringBuilder> handle) => table.Drop(handle);
                static void Later(HandleTable table, Handle<StringBuilder> handle)
                {
                    Action free = () => table.Drop(handle);
                    Func<Fin<Unit>> kept = () => table.Drop(handle);
                    free(); _ = kept();
                }
            }
            """;

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Equal(
            [Ignored("HandleTable.Drop", 8), Ignored("HandleTable.Drop", 12)],
            await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }

    [Fact]
    public async Task A_Fin_from_a_user_type_named_like_Tether_s_or_from_any_other_API_is_not_reported()
    {
        var source = """
            using LanguageExt;

            namespace Tether
            {
                public sealed class HandleTable
                {
                    public Fin<Unit> Drop(long raw) => Fin<Unit>.Succ(Unit.Default);
                }
            }

            static class Snippet
            {
                static Fin<int> Parse(string text) => Fin<int>.Succ(text.Length);
                static void M(Tether.HandleTable mine)
                {
                    mine.Drop(1);
                    Parse("x");
                }
            }
            """;

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Empty(await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }

    [Fact]
    public async Task A_Drop_left_unread_in_top_level_statements_is_reported()
    {
        var source = """
            using System.Text;
            using Tether;

            var table = HandleTable.Create();
            var handle = table.Add(new StringBuilder()).ThrowIfFail();
            table.Drop(handle);
            """;

        var compilation = Snippets.Compile(source).WithOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        var reported = await compilation.WithAnalyzers([new DiscardedFinAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(["TETHER001 6"], reported.Select(d => $"{d.Id} {d.Location.GetLineSpan().StartLinePosition.Line + 1}"));
    }
}
