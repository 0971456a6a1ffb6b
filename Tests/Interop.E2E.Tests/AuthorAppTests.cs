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
        "value task: alive Hello later, author",
        "own converter: alive new!",
        "wrong arity: error Greeter has no callable method Hello taking 0 arguments (mark it [JSInvokable])",
        "unmarked: error Greeter has no callable method Secret taking 0 arguments (mark it [JSInvokable])",
        "unknown handle: unknown",
        "dropped exposed: dropped",
        "drop: ok ()",
        "after drop: ok Dropped",
        "in flight at dispose: Disconnected",
        "after dispose: Disconnected",
    ];

    /// <summary>
    /// The story's last lines on a trimmed WebAssembly app: Shop's methods take and answer types that no JSON context
    /// declares, from a library the trimmer went over (the Story says IsTrimmable). Each call answers a Serialization
    /// error naming its type: Order lost its constructor, Payment its setters, Receipt its getters, and reflection
    /// would have read the last two as defaults and as {}.
    /// </summary>
    private static readonly string[] UndeclaredTrimmed =
    [
        $"undeclared type: error A Order could not cross the JS boundary for handle <shop>: {Trimmed("AuthorApp.Story.Order")}",
        $"undeclared argument: error A Payment could not cross the JS boundary for handle <shop>: {Trimmed("AuthorApp.Story.Payment")}",
        $"undeclared result: error A Receipt could not cross the JS boundary for handle <shop>: {Trimmed("AuthorApp.Story.Receipt")}",
    ];

    /// <summary>The same lines on Server: nothing is trimmed, and reflection reads the types.</summary>
    private static readonly string[] UndeclaredServer =
    [
        "undeclared type: alive 2 x tea",
        "undeclared argument: alive paid 5 EUR",
        """undeclared result: alive {"item":"tea","quantity":2}""",
    ];

    private static string Trimmed(string type) =>
        $"{type} has no contract in JsHandlesOptions.Json, and this app was trimmed: reflection would read it from members the trimmer may have removed, "
        + "and answer defaults or {}. Declare it in a JsonSerializerContext and pass the context as JsHandlesOptions.Json (the build names it: TETHER101).";

    [Theory]
    [InlineData("author-wasm")]
    [InlineData("author-wasm-full")]
    public async Task A_published_WebAssembly_app_answers_the_whole_story_exactly(string publish)
    {
        var lines = await RunPage(Path.Combine(Repo.Root, "artifacts", publish, "wwwroot"), "#story", publish);
        Assert.Equal([.. Story, .. UndeclaredTrimmed], lines);
    }

    [Fact]
    public void The_WebAssembly_publish_warns_of_each_exposed_methods_type_that_no_JSON_context_declares_at_the_Expose_call()
    {
        // The publish log (build.fsx publishAuthorApps) holds the build of the Story, which compiled the Razor page
        // whose Expose call exposes Shop: Tether.Interop's analyzer, from the package, warned of Shop's Order,
        // Payment and Receipt.
        string log = File.ReadAllText(Path.Combine(Repo.Root, "artifacts", "author-wasm-publish.log"));
        var warnings = log.Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line.Trim(), @"([^/\\]+)\((\d+),(\d+)\): warning (TETHER1\d\d): (.*) \[([^\]]+)\]$"))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value}({m.Groups[2].Value},{m.Groups[3].Value}): {m.Groups[4].Value}: {m.Groups[5].Value} [{Path.GetFileName(m.Groups[6].Value)}]")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();

        var page = File.ReadAllLines(Path.Combine(Repo.Root, "Tests", "AuthorApp", "Story", "StoryPage.razor"));
        int line = Array.FindIndex(page, l => l.Contains("Handles.Expose(new Shop())"));
        int column = page[line].IndexOf("Expose", StringComparison.Ordinal);
        string Warning(string type, string where) =>
            $"StoryPage.razor({line + 1},{column + 1}): TETHER101: '{type}' crosses the JS boundary {where} through reflection-based JSON; a trimmed publish may remove its members, and the call then answers Serialization. Declare it in a JsonSerializerContext ([JsonSerializable(typeof({type}))]) and pass the context as JsHandlesOptions.Json. [AuthorApp.Story.csproj]";
        Assert.Equal(
            new[]
            {
                Warning("AuthorApp.Story.Order", "as Shop.Buy's parameter 'order'"),
                Warning("AuthorApp.Story.Payment", "as Shop.Pay's parameter 'payment'"),
                Warning("AuthorApp.Story.Receipt", "as Shop.Last's result"),
            }.Order(StringComparer.Ordinal),
            warnings);
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

    private static string ServerPublish => Path.Combine(Repo.Root, "artifacts", "author-server");

    private static Task<ServerHost> StartServer() => ServerHost.Start(ServerPublish, "AuthorApp.Server.dll", "Production");

    [Fact]
    public async Task A_published_Server_app_answers_the_whole_story_exactly()
    {
        await using var server = await StartServer();
        var lines = await RunPage(server.Url, "#story", "author-server", served: true);
        Assert.Equal([.. Story, .. UndeclaredServer], lines);
    }

    [Fact]
    public async Task On_Server_a_call_that_hangs_answers_Timeout_after_the_apps_own_JSInteropDefaultCallTimeout()
    {
        // The app sets JSInteropDefaultCallTimeout to 3 s and no CallTimeout of Tether's: 3 s it is, not 60.
        await using var server = await StartServer();
        var lines = await RunPage(server.Url, "#timeouts", "author-server-timeouts", served: true);
        Assert.Equal(3, lines.Length);
        foreach (var line in lines)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @": Timeout after (\d+\.\d) s$");
            Assert.True(match.Success, line);
            Assert.InRange(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2.9, 4.5);
        }
    }

    [Fact]
    public async Task Closing_the_page_during_a_call_loop_answers_Disconnected_within_a_second()
    {
        await using var server = await StartServer();
        var elapsed = await LoopThenLose(server, server.Url, page => page.CloseAsync(), "close");
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Cutting_the_connection_during_a_call_loop_answers_Disconnected_within_a_second()
    {
        await using var server = await StartServer();
        await using var proxy = CuttableProxy.Start(new Uri(server.Url));
        var elapsed = await LoopThenLose(server, proxy.Url, _ =>
        {
            proxy.Cut();
            return Task.CompletedTask;
        }, "cut");
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Starts the page's call loop (a State call every 50 ms, each answer logged by the server with its time), loses
    /// the page as told, and answers how long after that the loop's first Disconnected came.
    /// </summary>
    private async Task<TimeSpan> LoopThenLose(ServerHost server, string url, Func<IPage, Task> lose, string name)
    {
        var (playwright, browser) = await Chromium.Launch();
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(url);
            await page.ClickAsync("#loop", new PageClickOptions { Timeout = 60_000 });
            await WaitFor(() => LoopLines(server).Count(l => l.EndsWith(" ok Alive", StringComparison.Ordinal)) >= 5, TimeSpan.FromSeconds(30));
            var lost = DateTime.UtcNow;
            await lose(page);
            await WaitFor(() => LoopLines(server).Any(l => l.EndsWith(" Disconnected", StringComparison.Ordinal)), TimeSpan.FromSeconds(90));
            var line = LoopLines(server).First(l => l.EndsWith(" Disconnected", StringComparison.Ordinal));
            var at = DateTime.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
            output.WriteLine($"{name}: Disconnected {(at - lost).TotalMilliseconds:F0} ms after the page was lost; the loop's last lines:");
            foreach (var l in LoopLines(server).TakeLast(4))
                output.WriteLine("  " + l);
            return at - lost;
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private static string[] LoopLines(ServerHost server) =>
        server.Log.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("author-app loop ", StringComparison.Ordinal)).ToArray();

    private static async Task WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the condition did not hold in time");
            await Task.Delay(50);
        }
    }

    private Task<string[]> RunPage(string root, string button, string name) => RunPage(root, button, name, served: false);

    private async Task<string[]> RunPage(string rootOrUrl, string button, string name, bool served)
    {
        await using var host = served ? null : await StaticHost.Start(rootOrUrl, spa: true);
        string url = host?.Url ?? rootOrUrl;
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
            await page.GotoAsync(url);
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
