using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Interop.E2E;

/// <summary>
/// The docs site (output/, built by the test command) in headless Chromium: every page loads with no
/// console error of its own, every internal link resolves, and the index shows its executed examples.
/// Without a network, styles from a CDN may fail to load; that degrades the look, not the content, so
/// failures to load from other hosts are not counted.
/// </summary>
public class DocsSiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_page_loads_cleanly_every_internal_link_resolves_and_the_examples_ran()
    {
        var site = Path.Combine(Repo.Root, "output");
        await using var host = await StaticHost.Start(site);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        var origin = new Uri(host.Url);
        page.Console += (_, message) =>
        {
            bool local = message.Location is { } location && Uri.TryCreate(location, UriKind.Absolute, out var at) && at.Host == origin.Host;
            if (message.Type == "error" && (local || !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)))
                errors.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
        // No network here: requests to other hosts fail at once instead of timing out.
        await page.RouteAsync("**/*", route => new Uri(route.Request.Url).Host == origin.Host ? route.ContinueAsync() : route.AbortAsync());

        var pages = Directory.GetFiles(site, "*.html", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).ToList();
        Assert.Contains("index.html", pages);
        foreach (var name in new[] { "concepts.html", "metrics.html", "csharp.html", "fsharp.html", "blazor.html", "wasm.html", "native.html", "comparison.html", "performance.html" })
            Assert.Contains(name, pages);

        using var http = new HttpClient();
        var checkedLinks = new HashSet<string>();
        foreach (var name in pages)
        {
            await page.GotoAsync($"{host.Url}/{name}", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            var links = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "els => els.map(e => e.href)");
            foreach (var link in links.Distinct())
            {
                var uri = new Uri(link);
                if (uri.Host != origin.Host || !checkedLinks.Add(uri.GetLeftPart(UriPartial.Path)))
                    continue;
                var response = await http.GetAsync(uri.GetLeftPart(UriPartial.Path));
                Assert.True(response.IsSuccessStatusCode, $"{name} links to {uri} which answers {(int)response.StatusCode}");
            }
        }

        await page.GotoAsync($"{host.Url}/index.html");
        string text = await page.InnerTextAsync("body");
        Assert.Contains("alive: canvas", text);
        Assert.Contains("dropped", text);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Repo.Artifacts("screenshots"), "docs-index.png"), FullPage = true });
        output.WriteLine($"{pages.Count} pages, {checkedLinks.Count} internal links checked");
        Assert.Empty(errors);
    }
}
