using System.Threading.Tasks;
using Xunit;

namespace Tether.Analyzers.Tests;

/// <summary>TETHER001 through the forms an async caller writes: ConfigureAwait, a null-conditional call, an unawaited ValueTask.</summary>
public class DiscardedFinAwaitTests
{
    private static string Ignored(string member, int line) =>
        $"TETHER001 {line}: The Fin that '{member}' returns is ignored, so a failure would be lost: match it (.Match(Succ: ..., Fail: ...)), test IsFail, or discard it on purpose with '_ = ...'";

    [Fact]
    public async Task An_awaited_DropAsync_or_CloseAsync_with_ConfigureAwait_left_unread_is_reported()
    {
        var source = Snippets.InMethod("""
                    var table = HandleTable.Create();
                    var handle = table.Add(new StringBuilder()).ThrowIfFail();
                    await table.DropAsync(handle).ConfigureAwait(false);
                    await table.CloseAsync().ConfigureAwait(false);
            """);

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Equal(
            [Ignored("HandleTable.DropAsync", 12), Ignored("HandleTable.CloseAsync", 13)],
            await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }

    [Fact]
    public async Task A_null_conditional_Drop_left_unread_is_reported()
    {
        var source = Snippets.InMethod(
            """
                    maybe?.Drop(handle);
            """,
            "static void M(HandleTable? maybe, Handle<StringBuilder> handle)");

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Equal([Ignored("HandleTable.Drop", 10)], await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }

    [Fact]
    public async Task A_DropAsync_neither_awaited_nor_kept_in_a_method_that_is_not_async_is_reported()
    {
        var source = Snippets.InMethod(
            """
                    table.DropAsync(handle);
            """,
            "static void M(HandleTable table, Handle<StringBuilder> handle)");

        Assert.Empty(Snippets.CompilerErrors(source));
        Assert.Equal([Ignored("HandleTable.DropAsync", 10)], await Snippets.Report(new DiscardedFinAnalyzer(), source));
    }
}
