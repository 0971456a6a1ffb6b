using System.Threading.Tasks;
using Xunit;

namespace Tether.Analyzers.Tests;

public class FinUsedAsValueAnalyzerTests
{
    private static string Expected(int line, string expression, string type, string member) =>
        $"TETHER002 {line}: '{expression}' is a Fin<{type}>, not a {type}: take the {type} out first, e.g. 'if ({expression}.Case is {type} value) {{ value.{member}... }}' or '{expression}.Match(Succ: value => value.{member}..., Fail: error => ...)'.";

    [Fact]
    public async Task A_table_member_called_on_the_Fin_of_TryCreate_is_reported_with_the_pattern_to_use()
    {
        var source = Snippets.InMethod("""
                    HandleTable.TryCreate(options).Add(new StringBuilder());
                    var counts = HandleTable.TryCreate(options).Counts;
            """);

        // What the compiler alone says: an inference failure naming LanguageExt's Tuple1Extensions.Add, and CS1061.
        Assert.Equal(["CS0411", "CS1061"], Snippets.CompilerErrors(source));
        Assert.Equal(
            [
                Expected(10, "HandleTable.TryCreate(options)", "HandleTable", "Add"),
                Expected(11, "HandleTable.TryCreate(options)", "HandleTable", "Counts"),
            ],
            await Snippets.Report(new FinUsedAsValueAnalyzer(), source));
    }

    [Fact]
    public async Task A_handle_member_called_on_the_Fin_of_Add_is_reported()
    {
        var source = Snippets.InMethod("""
                    using var table = HandleTable.Create();
                    long raw = table.Add(new StringBuilder()).Raw;
            """);

        Assert.Equal(["CS1061"], Snippets.CompilerErrors(source));
        Assert.Equal(
            [Expected(11, "table.Add(new StringBuilder())", "Handle<StringBuilder>", "Raw")],
            await Snippets.Report(new FinUsedAsValueAnalyzer(), source));
    }

    [Fact]
    public async Task The_members_of_the_Fin_itself_are_not_reported()
    {
        var source = Snippets.InMethod("""
                    var created = HandleTable.TryCreate(options);
                    bool failed = created.IsFail;
                    object? inside = created.Case;
                    var size = created.Match(Succ: table => table.Counts.Live, Fail: error => -1);
                    if (created.Case is HandleTable table) { using (table) { table.Add(new StringBuilder()).Map(handle => handle.Raw); } }
                    Console.WriteLine($"{failed} {inside} {size}");
            """);

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Empty(await Snippets.Report(new FinUsedAsValueAnalyzer(), source));
    }
}
