using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Interop.E2E;

/// <summary>
/// The sample app in headless Chromium, as Blazor Server and as Blazor WebAssembly: elements held weakly
/// and strongly, a removed subtree seen as Detached, a real JS GC seen as Collected, and a lost circuit
/// seen as Disconnected.
/// </summary>
public class BrowserTests(ITestOutputHelper output)
{
    private static Task<(IPlaywright Playwright, IBrowser Browser)> Launch() => Chromium.Launch();

    [Fact]
    public async Task Blazor_Server_holds_loosely_sees_detached_and_collected_and_survives_a_closed_page()
    {
        await using var server = await ServerHost.Start();
        var (playwright, browser) = await Launch();
        try
        {
            var page = await browser.NewPageAsync();
            await Exercise(page, server.Url, "server");

            await page.ClickAsync("#keep-calling");
            await Task.Delay(500);
            await page.CloseAsync();
            // The circuit handler the sample compiles in (as a package install does) makes the call in flight and every
            // later one Disconnected at once (AuthorAppTests measures how soon); 30 s is for a loaded machine.
            try
            {
                await WaitFor(() => server.Log.Contains("tether-probe: Disconnected"), TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("no Disconnected in the server log:\n" + server.Log);
            }

            string log = server.Log;
            output.WriteLine(log);
            Assert.Contains("tether-probe: alive", log);
            Assert.Contains("tether-probe: Disconnected", log);
            Assert.DoesNotContain("Unhandled exception", log);
            Assert.DoesNotContain("JSDisconnectedException", log);
            Assert.DoesNotContain("fail:", log);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task Blazor_WebAssembly_holds_loosely_sees_detached_and_collected_with_no_console_error()
    {
        await using var host = await StaticHost.Start();
        var (playwright, browser) = await Launch();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                    errors.Add(message.Text);
            };
            page.PageError += (_, error) => errors.Add(error);
            page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url} {request.Failure}");

            try
            {
                await Exercise(page, host.Url, "wasm");
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{e.Message}\nbrowser errors:\n{string.Join("\n", errors)}", e);
            }

            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task A_fully_trimmed_Blazor_WebAssembly_app_tells_the_same_story_and_Tether_adds_no_trim_warning()
    {
        string log = File.ReadAllText(Path.Combine(Repo.Root, "artifacts", "wasm-trimmed-publish.log"));
        var ours = log.Split('\n').Where(line => Regex.IsMatch(line, @"\b(IL2\d{3}|IL3\d{3})\b") && Regex.IsMatch(line, @"Tether\.(Core|Interop)\b")).Distinct().ToArray();
        Assert.True(ours.Length == 0, "trim warnings from Tether:\n" + string.Join("\n", ours));
        Assert.Matches(@"IL2\d{3}", log); // the log is the analysed one: the framework's own warnings are in it

        await using var host = await StaticHost.Start(Path.Combine(Repo.Root, "artifacts", "wasm-trimmed", "wwwroot"));
        var (playwright, browser) = await Launch();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                    errors.Add(message.Text);
            };
            page.PageError += (_, error) => errors.Add(error);
            try
            {
                await Exercise(page, host.Url, "wasm-trimmed");
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{e.Message}\nbrowser errors:\n{string.Join("\n", errors)}", e);
            }

            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task The_browser_benchmark_page_runs_and_every_row_has_a_finite_number()
    {
        await using var host = await StaticHost.Start();
        var (playwright, browser) = await Launch();
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync($"{host.Url}/bench?n=10");
            await Expect(page, "#bench-status", "done", TimeSpan.FromSeconds(120));
            using var report = System.Text.Json.JsonDocument.Parse(await page.InnerTextAsync("#results"));
            var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToArray();
            string[] expected =
            [
                "Get of a held object/[JSImport]", "State/[JSImport]", "Invoke (returns a number)/[JSImport]", "Hold + drop/[JSImport]",
                "Get of a held object/Tether sync, strong hold", "Get of a held object/Tether sync, weak hold", "State/Tether sync",
                "Invoke (returns a number)/Tether sync", "Hold + drop/Tether sync",
                "Get of a held object/IJSInProcessObjectReference.Invoke", "Invoke (returns a number)/IJSInProcessObjectReference.Invoke",
                "Get of a held object/IJSObjectReference.InvokeAsync", "Invoke (returns a number)/IJSObjectReference.InvokeAsync",
                "Get of a held object/Tether async, strong hold", "Get of a held object/Tether async, weak hold", "State/Tether async",
                "Invoke (returns a number)/Tether async", "Hold + drop/Tether async (InvokeAndHold + Drop)",
            ];
            Assert.Equal(expected, rows.Select(r => $"{r.GetProperty("op").GetString()}/{r.GetProperty("way").GetString()}"));
            foreach (var row in rows)
            {
                double us = row.GetProperty("us").GetDouble();
                Assert.True(double.IsFinite(us) && us >= 0, $"{row}: {us}");
                var ratio = row.GetProperty("ratio");
                Assert.True(ratio.ValueKind == System.Text.Json.JsonValueKind.Null || double.IsFinite(ratio.GetDouble()) || us == 0, row.ToString());
            }
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    /// <summary>The story both hosting models must tell.</summary>
    private async Task Exercise(IPage page, string url, string name)
    {
        await page.GotoAsync(url);
        await Expect(page, "#ready", "ready", TimeSpan.FromSeconds(60));

        await page.ClickAsync("#hold");
        await Expect(page, "#states", "weak-object=alive strong-object=alive weak-element=alive strong-element=alive title=alive strong-element.id=strong-element");
        // Careless and hostile calls: typed errors, nothing thrown. A fluent method's result (the object itself,
        // with a cycle) never crosses; an undefined result is None; a handle cannot be retyped.
        await Expect(page, "#checks", "unrendered=InvalidArgument fluent=ok retyped=WrongType nothing=none later=7 later-calls=1");
        // Handles as arguments and results: a held object reaches JS as itself, a call's result is held in the
        // table (a canvas's 2D context), a property is set (to a value, and to a held object); a dropped
        // argument calls nothing and says which argument it was.
        await Expect(page, "#handles", "argument=weak context=ok set=ok fill=#ff0000 no-context=NoValue set-handle=ok canvas-id=canvas dead-argument=JsError(argument 1 is dropped)");
        // The synchronous API: on WebAssembly every member answers at once through [JSImport]; on Server it
        // is not there, and says so.
        await Expect(page, "#sync", name == "server"
            ? "sync=NotInProcess"
            : "sync=ok id=strong-element state=alive count=6 held=ok name=sync argument=sync set=ok fill=#00ff00 drop=ok after-drop=Dropped");

        // Removing the subtree: .NET sees Detached before any GC, on use and by notice.
        await page.EvaluateAsync("document.getElementById('weak-element').remove()");
        await Expect(page, "#notices", "detached weak-element");
        await page.ClickAsync("#refresh");
        await Expect(page, "#states", "weak-element=detached");

        // Let go of the sample's pins: every JS reference is gone but Tether's weak ones, so a forced GC
        // collects them, and .NET is told.
        await page.EvaluateAsync("window.__tetherPinned = {}");
        var watch = Stopwatch.StartNew();
        string notices = "";
        try
        {
            await WaitFor(async () =>
            {
                await page.EvaluateAsync("window.gc()");
                notices = await page.InnerTextAsync("#notices");
                return notices.Contains("collected weak-object") && notices.Contains("collected weak-element");
            }, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await page.ClickAsync("#refresh");
            throw new TimeoutException($"no collected notices: notices [{notices}], states [{await page.InnerTextAsync("#states")}]");
        }
        output.WriteLine($"{name}: collected notices {watch.ElapsedMilliseconds} ms after the first forced GC; {await page.InnerTextAsync("#batches")}");

        await page.ClickAsync("#refresh");
        await Expect(page, "#states", "weak-object=collected strong-object=alive weak-element=collected strong-element=alive title=alive");

        // Detached is told each time an element leaves, not once per handle: out, back in, out again.
        await page.EvaluateAsync("window.__kept = document.getElementById('strong-element'); window.__kept.remove()");
        await Assertions.Expect(page.Locator("#notices li", new() { HasText = "detached strong-element" })).ToHaveCountAsync(1);
        await page.EvaluateAsync("document.getElementById('arena').appendChild(window.__kept)");
        await page.ClickAsync("#refresh");
        await Expect(page, "#states", "strong-element=alive");
        await page.EvaluateAsync("window.__kept.remove()");
        await Assertions.Expect(page.Locator("#notices li", new() { HasText = "detached strong-element" })).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        // The reverse direction: JS calls a .NET object by its Tether handle, and gets an error value once
        // dropped; a method its author did not mark [JSInvokable] is out of reach.
        await page.ClickAsync("#call-back");
        await Expect(page, "#callback", "alive:hello browser then dropped; unmarked error");

        var screenshots = Repo.Artifacts("screenshots");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"sample-{name}.png"), FullPage = true });
    }

    private static async Task Expect(IPage page, string selector, string text, TimeSpan? timeout = null) =>
        await Assertions.Expect(page.Locator(selector)).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = (float)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds });

    private static Task WaitFor(Func<bool> condition, TimeSpan timeout) => WaitFor(() => Task.FromResult(condition()), timeout);

    private static async Task WaitFor(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the condition did not hold in time");
            await Task.Delay(200);
        }
    }
}
