using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.Playwright;
using Xunit;

namespace Tether.Interop.E2E;

/// <summary>One link, image, script or stylesheet a page names, as the browser resolved it.</summary>
public sealed record PageReference(string Page, string Kind, string Url);

/// <summary>
/// The docs site (output/, built by the test command) served on 127.0.0.1 and crawled once in headless Chromium at
/// 1280 px: every page under output/, every request each page made, every link, image, script and stylesheet it
/// names, the ids each page has (for anchors), and a screenshot of each page in artifacts/screenshots/docs/.
/// The facts in <see cref="DocsSiteTests"/> judge what was seen.
/// </summary>
public sealed class DocsSiteCrawl : IAsyncLifetime
{
    private StaticHost? _host;

    public string Site { get; } = Path.Combine(Repo.Root, "output");

    /// <summary>Page paths relative to the site, with '/' separators: "index.html", "reference/tether-handle-1.html".</summary>
    public List<string> Pages { get; } = [];

    public Uri Origin { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request any page made, with the page that made it.</summary>
    public List<(string Page, string Url)> Requests { get; } = [];

    /// <summary>Requests that failed or answered an error status, with the page that made them.</summary>
    public List<string> FailedRequests { get; } = [];

    public List<PageReference> References { get; } = [];

    /// <summary>The ids (and names) on each page, for the anchors that point into it.</summary>
    public Dictionary<string, HashSet<string>> Ids { get; } = [];

    /// <summary>Images that the browser could not show (no natural width once the page loaded).</summary>
    public List<string> BrokenImages { get; } = [];

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>What the search box listed for "HandleTable" on the index page.</summary>
    public List<string> SearchResults { get; } = [];

    /// <summary>The index page's text after load, for the check that its examples ran at build time.</summary>
    public string IndexText { get; private set; } = "";

    /// <summary>The repository's web address, as Directory.Build.props states it (PackageProjectUrl).</summary>
    public string RepositoryUrl { get; } = ReadRepositoryUrl();

    public async Task InitializeAsync()
    {
        _host = await StaticHost.Start(Site);
        Origin = new Uri(_host.Url);
        Pages.AddRange(Directory.GetFiles(Site, "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Site, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

        var screenshots = Repo.Artifacts(Path.Combine("screenshots", "docs"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        string current = "";
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                ConsoleErrors.Add($"{current}: {message.Text}");
        };
        page.PageError += (_, error) => ConsoleErrors.Add($"{current}: {error}");
        page.Request += (_, request) => Requests.Add((current, request.Url));
        page.RequestFailed += (_, request) => FailedRequests.Add($"{current}: {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                FailedRequests.Add($"{current}: {response.Url} answered {response.Status}");
        };
        // No network here: a request to another host is recorded above, then fails at once instead of timing out.
        await page.RouteAsync("**/*", route => new Uri(route.Request.Url).Host == Origin.Host && new Uri(route.Request.Url).Port == Origin.Port
            ? route.ContinueAsync()
            : route.AbortAsync());

        foreach (var name in Pages)
        {
            current = name;
            await page.GotoAsync($"{_host.Url}/{name}", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            foreach (var (kind, selector, attribute) in new[] { ("link", "a[href]", "href"), ("image", "img[src]", "src"), ("script", "script[src]", "src"), ("style", "link[href]", "href") })
            {
                var urls = await page.EvalOnSelectorAllAsync<string[]>(selector, $"els => els.map(e => e.{attribute})");
                References.AddRange(urls.Distinct().Select(url => new PageReference(name, kind, url)));
            }

            Ids[name] = (await page.EvalOnSelectorAllAsync<string[]>("[id],[name]", "els => els.map(e => e.id || e.getAttribute('name'))")).ToHashSet();
            var broken = await page.EvalOnSelectorAllAsync<string[]>("img", "els => els.filter(e => !e.complete || e.naturalWidth === 0).map(e => e.src)");
            BrokenImages.AddRange(broken.Select(src => $"{name}: {src}"));
            if (name == "index.html")
                IndexText = await page.InnerTextAsync("body");
            var file = Path.Combine(screenshots, name.Replace('/', '-').Replace(".html", ".png"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        }

        // The search box, as a reader uses it: its index and its library come from the site too.
        current = "index.html (search)";
        await page.GotoAsync($"{_host.Url}/index.html", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await page.ClickAsync("#search-btn");
        await page.Locator("dialog input[type=search]").PressSequentiallyAsync("HandleTable"); // it searches on keyup
        try
        {
            await page.WaitForSelectorAsync("dialog ul li a", new() { Timeout = 10_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
        }

        SearchResults.AddRange(await page.EvalOnSelectorAllAsync<string[]>("dialog ul li a", "els => els.map(e => e.href)"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "search.png") });
    }

    /// <summary>Whether a URL is on the site's own server.</summary>
    public bool IsLocal(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host == Origin.Host && uri.Port == Origin.Port;

    /// <summary>The site-relative path a local URL names ("" for the root), unescaped.</summary>
    public static string SitePath(Uri uri) => Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));

    /// <summary>Answers whether a local URL resolves: a page or file under output/ (a folder through its index.html).</summary>
    public bool Resolves(Uri uri, out string page)
    {
        page = SitePath(uri);
        var full = Path.GetFullPath(Path.Combine(Site, page));
        if (Directory.Exists(full))
        {
            page = (page.Length == 0 || page.EndsWith('/') ? page : page + "/") + "index.html";
            full = Path.Combine(full, "index.html");
        }

        return full.StartsWith(Site, StringComparison.Ordinal) && File.Exists(full);
    }

    public Task DisposeAsync() => _host?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    private static string ReadRepositoryUrl()
    {
        var props = XDocument.Load(Path.Combine(Repo.Root, "Directory.Build.props"));
        return props.Descendants("PackageProjectUrl").Single().Value.TrimEnd('/');
    }
}
