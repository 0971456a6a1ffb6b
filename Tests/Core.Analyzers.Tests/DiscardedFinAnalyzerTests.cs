using System.Threading.Tasks;
using Xunit;

namespace Tether.Analyzers.Tests;

public class DiscardedFinAnalyzerTests
{
    private static string Ignored(string member) =>
        $"TETHER001 {{0}}: The Fin that '{member}' returns is ignored, so a failure would be lost: match it (.Match(Succ: ..., Fail: ...)), test IsFail, or discard it on purpose with '_ = ...'";

    [Fact]
    public async Task A_statement_that_leaves_the_Fin_of_Add_Drop_DropAsync_or_Close_unread_is_reported()
    {
        var source = Snippets.InMethod("""
                    var table = HandleTable.Create();
                    var handle = table.Add(new StringBuilder()).ThrowIfFail();
                    table.Drop(handle);
                    table.Add(new StringBuilder());
                    await table.DropAsync(handle);
                    table.Close();
            """);

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Equal(
            [
                string.Format(Ignored("HandleTable.Drop"), 12),
                string.Format(Ignored("HandleTable.Add"), 13),
                string.Format(Ignored("HandleTable.DropAsync"), 14),
                string.Format(Ignored("HandleTable.Close"), 15),
            ],
            await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }

    [Fact]
    public async Task A_scope_Add_left_unread_is_reported_as_well()
    {
        var source = Snippets.InMethod("""
                    using var table = HandleTable.Create();
                    using var scope = table.OpenScope();
                    scope.Add(new StringBuilder());
            """);

        Assert.Equal([string.Format(Ignored("HandleScope.Add"), 12)], await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }

    [Fact]
    public async Task A_Fin_that_is_read_matched_or_discarded_on_purpose_is_not_reported()
    {
        var source = Snippets.InMethod("""
                    using var table = HandleTable.Create();
                    var handle = table.Add(new StringBuilder()).ThrowIfFail();
                    _ = table.Loosen(handle);
                    var tightened = table.Tighten(handle);
                    if (table.Drop(handle).IsFail) { }
                    table.Get(handle).Match(Succ: text => { }, Fail: error => { });
                    table.Dispose();
                    Console.WriteLine(tightened);
            """);

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Empty(await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }
}
