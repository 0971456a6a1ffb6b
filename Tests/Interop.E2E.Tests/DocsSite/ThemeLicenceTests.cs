using System.IO;
using System.Linq;
using Xunit;

namespace Tether.Interop.E2E;

/// <summary>
/// The site's theme (docs/content/fsdocs-*, docs/_template.html) is fsdocs-tool 22.2.0's default theme, modified:
/// Apache 2.0 asks that every copy carry the licence and say that it was changed. The site ships both beside it.
/// </summary>
public class ThemeLicenceTests
{
    [Fact]
    public void The_fsdocs_theme_ships_with_its_Apache_licence_and_a_notice_of_our_changes()
    {
        var content = Path.Combine(Repo.Root, "docs", "content");
        Assert.NotEmpty(Directory.GetFiles(content, "fsdocs-*"));
        var licence = Path.Combine(content, "FSDOCS-LICENSE.txt");
        Assert.True(File.Exists(licence), "docs/content/FSDOCS-LICENSE.txt is missing: the fsdocs theme's Apache 2.0 licence is not kept");
        var text = File.ReadAllText(licence);
        Assert.Contains("Apache License", text);
        Assert.Contains("Version 2.0, January 2004", text);
        Assert.Contains("FSharp.Formatting", text);
        Assert.Contains("modified", text);
    }
}
