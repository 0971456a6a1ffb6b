using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Interop.E2E;

/// <summary>
/// The author app (Tests/AuthorApp: the packed packages, none of the repository's settings), published as users
/// ship it, in Chromium: the whole story answers exactly, and no call is left without an answer.
/// </summary>
public class AuthorAppTests(ITestOutputHelper output)
{
    /// <summary>What the story page logs, line by line, on every host and build.</summary>
    private static readonly string[] Story =
    [
        "get: ok first",
        "invoke: ok 5",
        "argument: ok first",
        "nested array: InvalidArgument a JsHandle inside an argument cannot cross as a handle (at $[0][0]); only a top-level argument is sent as one: pass it as an argument of its own",
        "nested object: InvalidArgument a JsHandle inside an argument cannot cross as a handle (at $[0].inner); only a top-level argument is sent as one: pass it as an argument of its own",
        "detached: ok Detached",
        "collected: ok Collected",
        "callDotNet: alive Hello, author",
        "wrong arity: error Greeter has no callable method Hello taking 0 arguments (mark it [JSInvokable])",
        "unmarked: error Greeter has no callable method Secret taking 0 arguments (mark it [JSInvokable])",
        "unknown handle: unknown",
        "dropped exposed: dropped",
        "drop: ok ()",
        "after drop: ok Dropped",
        "after dispose: Disconnected",
    ];

    [Theory]
    [InlineData("author-wasm")]
    [InlineData("author-wasm-full")]
    public async Task A_published_WebAssembly_app_answers_the_whole_story_exactly(string publish)
    {
        var lines = await RunPage(Path.Combine(Repo.Root, "artifacts", publish, "wwwroot"), "#story", publish);
        Assert.Equal(Story, lines);
    }

    [Theory]
    [InlineData("author-wasm")]
    [InlineData("author-wasm-full")]
    public async Task A_call_that_hangs_answers_Timeout_after_the_call_timeout_also_after_a_long_sequence_of_calls(string publish)
    {
        // The app sets CallTimeout to 3 s. Each hanging call must take the whole of it, alone and after 200 and
        // 400 other calls (an early Timeout once came after 0.7 s within a sequence).
        var lines = await RunPage(Path.Combine(Repo.Root, "artifacts", publish, "wwwroot"), "#timeouts", publish + "-timeouts");
        Assert.Equal(["alone", "after 200 calls", "after 400 calls"], lines.Select(l => l.Split(':')[0]));
        foreach (var line in lines)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @": Timeout after (\d+\.\d) s$");
            Assert.True(match.Success, line);
            Assert.InRange(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2.9, 4.5);
        }
    }

    private async Task<string[]> RunPage(string root, string button, string name)
    {
        await using var host = await StaticHost.Start(root, spa: true);
        var (playwright, browser) = await Chromium.Launch();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                output.WriteLine($"console {message.Type}: {message.Text}");
                if (message.Type == "error")
                    errors.Add(message.Text);
            };
            page.PageError += (_, error) => errors.Add(error);
            await page.GotoAsync(host.Url);
            await page.ClickAsync(button, new PageClickOptions { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("done", new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Repo.Artifacts("screenshots"), $"{name}.png"), FullPage = true });
            var lines = (await page.Locator("#log").InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines)
                output.WriteLine(line);
            Assert.Empty(errors);
            return lines;
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
