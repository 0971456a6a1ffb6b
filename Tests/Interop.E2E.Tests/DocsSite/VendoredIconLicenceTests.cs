using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Tether.Interop.E2E;

/// <summary>
/// The icons the site preloads (docs/content/vendor/iconify/icons.js) are copied out of nine Iconify sets, each under
/// its own licence: CC BY 4.0 asks for attribution and Apache 2.0 for the licence with every copy. The site ships
/// each set's name, author and licence beside the icons, as it ships LICENSE.txt beside Lit, fuse.js and highlight.js.
/// </summary>
public class VendoredIconLicenceTests
{
    private static readonly string Iconify = Path.Combine(Repo.Root, "docs", "content", "vendor", "iconify");

    /// <summary>Each set's licence and author, as its @iconify-json package's info.json states them.</summary>
    private static readonly Dictionary<string, (string Licence, string Author)> Sets = new()
    {
        ["basil"] = ("CC-BY-4.0", "Craftwork"),
        ["bi"] = ("MIT", "The Bootstrap Authors"),
        ["bxs"] = ("CC-BY-4.0", "Atisa"),
        ["carbon"] = ("Apache-2.0", "IBM"),
        ["eva"] = ("MIT", "Akveo"),
        ["iconoir"] = ("MIT", "Luca Burgio"),
        ["mi"] = ("MIT", "Mono"),
        ["ri"] = ("Apache-2.0", "Remix Design"),
        ["uil"] = ("Apache-2.0", "Iconscout"),
    };

    [Fact]
    public void Every_preloaded_icon_set_has_its_licence_and_author_beside_the_icons()
    {
        var prefixes = Regex.Matches(File.ReadAllText(Path.Combine(Iconify, "icons.js")), "\"prefix\":\"(?<p>[a-z0-9-]+)\"")
            .Select(m => m.Groups["p"].Value).ToList();
        Assert.Equal(Sets.Keys.Order(), prefixes.Order());

        var licences = Path.Combine(Iconify, "ICONS-LICENSES.txt");
        Assert.True(File.Exists(licences), "docs/content/vendor/iconify/ICONS-LICENSES.txt is missing: the icon sets' licences are not kept");
        var lines = File.ReadAllLines(licences);
        foreach (var (prefix, (licence, author)) in Sets)
            Assert.Contains(lines, line => line.StartsWith(prefix + ":", System.StringComparison.Ordinal) && line.Contains(licence) && line.Contains(author));
    }
}
