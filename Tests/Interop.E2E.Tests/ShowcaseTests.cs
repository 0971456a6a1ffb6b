using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Interop.E2E;

/// <summary>
/// The showcase page of the WebAssembly sample, driven as a visitor would: six cards held strongly and weakly,
/// one taken out and put back, one dropped, then a GC. Its screenshot is the one on the docs' Blazor page
/// (written to artifacts/screenshots/showcase.png on every run).
/// </summary>
public class ShowcaseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_showcase_shows_each_handle_its_state_and_the_notices_with_their_latency()
    {
        await using var host = await StaticHost.Start();
        using var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--js-flags=--expose-gc"],
        });
        try
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                    errors.Add(message.Text);
            };

            await page.GotoAsync(host.Url + "/showcase");
            await Expect(page.Locator("#showcase-ready")).ToHaveTextAsync("ready", new() { Timeout = 60_000 });
            await Expect(page.Locator("#handles tbody tr")).ToHaveCountAsync(6);
            await Expect(page.Locator("#handles td.state")).ToHaveTextAsync(["alive", "alive", "alive", "alive", "alive", "alive"]);
            await Expect(page.Locator("#row-card-1 td").Nth(4)).ToHaveTextAsync("strong");
            await Expect(page.Locator("#row-card-2 td").Nth(4)).ToHaveTextAsync("weak");

            // Out of the page: a detach notice, with the time since the click; then back in.
            await page.ClickAsync("#row-card-1 .remove");
            await Expect(page.Locator("#notices")).ToContainTextAsync("detached card-1 after", new() { Timeout = 30_000 });
            await Expect(page.Locator("#row-card-1 td.state")).ToHaveTextAsync("detached");
            await page.ClickAsync("#row-card-1 .put-back");
            await Expect(page.Locator("#row-card-1 td.state")).ToHaveTextAsync("alive");

            // Dropped: the row says so and its buttons are spent.
            await page.ClickAsync("#row-card-3 .drop");
            await Expect(page.Locator("#row-card-3 td.state")).ToHaveTextAsync("dropped");
            await Expect(page.Locator("#row-card-3 .drop")).ToBeDisabledAsync();

            // A weak card out of the page, then a GC: it is collected and said to be, with its latency.
            await page.ClickAsync("#row-card-2 .remove");
            await Expect(page.Locator("#notices")).ToContainTextAsync("detached card-2 after", new() { Timeout = 30_000 });
            await page.ClickAsync("#force-gc");
            await Expect(page.Locator("#gc-said")).ToHaveTextAsync("collected");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await page.InnerTextAsync("#notices")).Contains("collected card-2 after", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no collected notice: {await page.InnerTextAsync("#notices")}");
                await page.EvaluateAsync("window.gc()");
                await Task.Delay(250);
            }

            await page.ClickAsync("#refresh");
            await Expect(page.Locator("#row-card-2 td.state")).ToHaveTextAsync("collected");
            // Strong cards outlive the GC whatever the page let go of; the dropped one stays dropped.
            await Expect(page.Locator("#row-card-1 td.state")).ToHaveTextAsync("alive");
            await Expect(page.Locator("#row-card-3 td.state")).ToHaveTextAsync("dropped");
            await Expect(page.Locator("#row-card-5 td.state")).ToHaveTextAsync("alive");

            var shot = Path.Combine(Repo.Root, "artifacts", "screenshots", "showcase.png");
            Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            output.WriteLine($"notices: {await page.InnerTextAsync("#notices")}");
            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
