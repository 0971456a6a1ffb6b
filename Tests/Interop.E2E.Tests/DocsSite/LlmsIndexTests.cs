using System.IO;
using System.Linq;
using Xunit;

namespace Tether.Interop.E2E;

/// <summary>
/// fsdocs writes llms.txt and llms-full.txt beside the pages: an index of the site for language models. Their title
/// is the site's name, Tether, whatever folder the repository was cloned into.
/// </summary>
public class LlmsIndexTests
{
    [Theory]
    [InlineData("llms.txt")]
    [InlineData("llms-full.txt")]
    public void The_llms_index_is_titled_Tether_not_the_clone_s_folder(string file)
    {
        var first = File.ReadLines(Path.Combine(Repo.Root, "output", file)).First();
        Assert.Equal("# Tether", first);
    }
}
