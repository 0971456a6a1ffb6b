using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Tether.Analyzers.Tests;

public class CreateWithOptionsTests
{
    private const string Said =
        "HandleTable.Create takes no options: with options, call HandleTable.TryCreate(options), which answers a Fin<HandleTable> since options can be out of range";

    [Fact]
    public async Task Create_with_options_is_reported_where_the_compiler_says_only_CS1501()
    {
        var source = Snippets.InMethod("""
                    using var table = HandleTable.Create(options);
            """);

        Assert.Equal(["CS1501"], Snippets.CompilerErrors(source));
        Assert.Equal([$"TETHER003 10: {Said}"], await Snippets.Report(new CreateWithOptionsAnalyzer(), source));
    }

    [Fact]
    public async Task Create_without_options_and_other_types_Create_are_not_reported()
    {
        var source = Snippets.InMethod("""
                    using var table = HandleTable.Create();
                    var list = System.Collections.Immutable.ImmutableList.Create(1);
            """);

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Empty(await Snippets.Report(new CreateWithOptionsAnalyzer(), source));
    }

    [Fact]
    public async Task The_code_fix_calls_TryCreate_and_matches_its_Fin_and_the_code_compiles()
    {
        var source = Snippets.InMethod("""
                    using var table = HandleTable.Create(options);
                    table.Dispose();
            """);

        var fixedSource = await Fix(source);

        Assert.Equal(
            Snippets.InMethod("""
                    using var table = HandleTable.TryCreate(options).Match(Succ: created => created, Fail: error => throw new System.ArgumentException(error.Message));
                    table.Dispose();
            """),
            fixedSource);
        Assert.Empty(Snippets.CompilerErrors(fixedSource));
        Assert.Empty(await Snippets.Report(new CreateWithOptionsAnalyzer(), fixedSource));
    }

    [Fact]
    public async Task The_code_fix_is_offered_only_where_TryCreate_takes_the_argument_so_it_never_writes_code_that_does_not_compile()
    {
        var source = Snippets.InMethod("""
                    using var two = HandleTable.Create(options, 1);
                    using var number = HandleTable.Create(42);
            """);

        Assert.Equal(
            [$"TETHER003 10: {Said}", $"TETHER003 11: {Said}"],
            await Snippets.Report(new CreateWithOptionsAnalyzer(), source));
        Assert.Equal(0, await FixesOffered(source));
    }

    /// <summary>How many code fixes are offered for all the snippet's TETHER003s.</summary>
    private static async Task<int> FixesOffered(string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Snippet", LanguageNames.CSharp)
            .WithMetadataReferences(Snippets.References)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var document = project.AddDocument("Snippet.cs", source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        var actions = new List<CodeAction>();
        foreach (var diagnostic in await compilation.WithAnalyzers([new CreateWithOptionsAnalyzer()]).GetAnalyzerDiagnosticsAsync())
            await new CreateWithOptionsCodeFix().RegisterCodeFixesAsync(
                new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions.Count;
    }

    /// <summary>Applies the one code fix offered for the snippet's TETHER003, as an editor would.</summary>
    private static async Task<string> Fix(string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Snippet", LanguageNames.CSharp)
            .WithMetadataReferences(Snippets.References)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var document = project.AddDocument("Snippet.cs", source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostic = (await compilation.WithAnalyzers([new CreateWithOptionsAnalyzer()]).GetAnalyzerDiagnosticsAsync()).Single();

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new CreateWithOptionsCodeFix().RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);
        Assert.Equal(CreateWithOptionsCodeFix.Title, action.Title);

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }
}
