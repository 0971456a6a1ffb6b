using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Interop.E2E;

/// <summary>
/// The docs site as a reader without a network meets it (crawled once by <see cref="DocsSiteCrawl"/>): every asset
/// comes from the site itself, every internal link, anchor and image resolves, every source link names a real file
/// and line of the repository at main, and the pages load without errors. Screenshots of each page are in
/// artifacts/screenshots/docs/.
/// </summary>
public class DocsSiteTests(DocsSiteCrawl site, ITestOutputHelper output) : IClassFixture<DocsSiteCrawl>
{
    [Fact]
    public void Every_guide_page_and_the_reference_index_are_built()
    {
        foreach (var name in new[] { "index.html", "concepts.html", "metrics.html", "csharp.html", "fsharp.html", "blazor.html", "wasm.html", "native.html", "comparison.html", "performance.html", "reference/index.html" })
            Assert.Contains(name, site.Pages);
        output.WriteLine($"{site.Pages.Count} pages crawled");
    }

    [Fact]
    public void No_page_requests_anything_from_another_host()
    {
        var foreign = site.Requests.Where(r => !site.IsLocal(r.Url) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            .Select(r => $"{r.Page} requests {r.Url}").Distinct().ToList();
        None(foreign);
    }

    [Fact]
    public void Every_request_a_page_makes_to_the_site_succeeds()
    {
        None(site.FailedRequests.Where(f => f.Contains(site.Origin.Authority, StringComparison.Ordinal)).Distinct());
    }

    [Fact]
    public void Every_internal_link_image_script_and_stylesheet_resolves()
    {
        var dead = new List<string>();
        foreach (var reference in site.References.Where(r => site.IsLocal(r.Url)))
        {
            if (!site.Resolves(new Uri(reference.Url), out _))
                dead.Add($"{reference.Page}: {reference.Kind} {reference.Url}");
        }

        None(dead.Distinct());
        None(site.BrokenImages);
    }

    [Fact]
    public void Every_anchor_names_an_element_of_its_page()
    {
        var missing = new List<string>();
        foreach (var reference in site.References.Where(r => r.Kind == "link" && site.IsLocal(r.Url)))
        {
            var uri = new Uri(reference.Url);
            string anchor = Uri.UnescapeDataString(uri.Fragment.TrimStart('#'));
            if (anchor.Length == 0 || !site.Resolves(uri, out var target) || !target.EndsWith(".html", StringComparison.Ordinal))
                continue;
            if (!site.Ids.TryGetValue(target, out var ids) || !ids.Contains(anchor))
                missing.Add($"{reference.Page}: {reference.Url}");
        }

        None(missing.Distinct());
    }

    /// <summary>
    /// A link into the repository (a member's source, the license, the changelog) must name a file of this working
    /// tree at main, and a line range within it: blob/main/PATH, optionally #Lstart-Lend.
    /// </summary>
    [Fact]
    public void Every_source_link_names_a_real_file_and_line_at_main()
    {
        // The repository's address, with or without ".git": a link written from RepositoryUrl counts too.
        var repository = new Regex("^" + Regex.Escape(site.RepositoryUrl) + @"(?:\.git)?/(?<rest>.+)$", RegexOptions.IgnoreCase);
        var links = site.References.Where(r => r.Kind == "link" && repository.IsMatch(r.Url)).ToList();
        var sourceLinks = links.Count(r => r.Url.Contains("#L", StringComparison.Ordinal));
        var wrong = new List<string>();
        foreach (var link in links.DistinctBy(l => l.Url))
        {
            var match = Regex.Match(repository.Match(link.Url).Groups["rest"].Value, @"^blob/main/(?<path>[^#?]+)(?:#L(?<start>\d+)(?:-L?(?<end>\d+))?)?$");
            if (!match.Success)
            {
                wrong.Add($"{link.Page}: {link.Url} is not blob/main/<file>[#L<line>]");
                continue;
            }

            var file = Path.Combine(Repo.Root, Uri.UnescapeDataString(match.Groups["path"].Value));
            if (!File.Exists(file))
            {
                wrong.Add($"{link.Page}: {link.Url} names no file of the repository");
                continue;
            }

            if (match.Groups["start"].Success)
            {
                int lines = File.ReadAllLines(file).Length;
                int start = int.Parse(match.Groups["start"].Value);
                int end = match.Groups["end"].Success ? int.Parse(match.Groups["end"].Value) : start;
                if (start < 1 || end < start || end > lines)
                    wrong.Add($"{link.Page}: {link.Url} names lines {start}-{end} of a file of {lines}");
            }
        }

        output.WriteLine($"{links.Count} repository links checked, {sourceLinks} of them to lines");
        None(wrong);
        Assert.True(sourceLinks > 0, "the reference has no source links at all");
    }

    /// <summary>
    /// The core is C#, and its reference pages are where most readers look: each C# type's page links its members'
    /// source as the F# pages do (issue 25: "Every API source link goes to a real file and line at main").
    /// </summary>
    [Theory]
    [InlineData("reference/tether-handletable.html", "Core.CSharp/")]
    [InlineData("reference/tether-handlescope.html", "Core.CSharp/")]
    [InlineData("reference/tether-interop-jsscope.html", "Interop/Blazor/")]
    public void A_CSharp_type_s_reference_page_links_its_members_source_at_main(string page, string folder)
    {
        var prefix = site.RepositoryUrl + "/blob/main/" + folder;
        var sources = site.References.Where(r => r.Page == page && r.Kind == "link" && r.Url.StartsWith(prefix, StringComparison.Ordinal) && r.Url.Contains("#L", StringComparison.Ordinal)).ToList();
        Assert.True(sources.Count > 0, $"{page} links no member's source under {folder}");
    }

    /// <summary>Fails with every item on its own line (xunit would cut each one short).</summary>
    private static void None(IEnumerable<string> problems)
    {
        var list = problems.Distinct().ToList();
        Assert.True(list.Count == 0, $"{list.Count} problem(s):\n" + string.Join("\n", list));
    }

    [Fact]
    public void Every_page_loads_without_a_script_error()
    {
        None(site.ConsoleErrors);
    }

    [Fact]
    public void The_search_box_finds_the_HandleTable_reference_offline()
    {
        Assert.Contains(site.SearchResults, url => url.Contains("/reference/tether-handletable.html", StringComparison.Ordinal));
    }

    [Fact]
    public void The_index_shows_the_output_of_its_examples_run_at_build_time()
    {
        Assert.Contains("alive: canvas", site.IndexText);
        Assert.Contains("dropped", site.IndexText);
    }

    [Fact]
    public void The_site_folder_holds_only_the_site()
    {
        var allowed = new[] { ".html", ".css", ".js", ".mjs", ".json", ".svg", ".png", ".ico", ".woff2", ".md", ".txt" };
        var strays = Directory.GetFiles(site.Site, "*", SearchOption.AllDirectories)
            .Where(f => !allowed.Contains(Path.GetExtension(f)))
            .Select(f => Path.GetRelativePath(site.Site, f));
        None(strays);
    }
}
