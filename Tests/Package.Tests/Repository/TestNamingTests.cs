using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Tether.PackageTests.Repository;

/// <summary>
/// Tests are named for what they check, not for how they came to be (issue 25: "Tests are named by behaviour ... The
/// history belongs in git"): no test file, class or summary carries a review or defect label.
/// </summary>
public class TestNamingTests
{
    private static readonly string[] Sources = [".cs", ".fs", ".mjs", ".js", ".ts"];

    // A label that says who found a bug or which round it came from: "Review of issue 14", "Defect 7 (c):",
    // "SmallDefectTests", "FooReviewTests".
    private static readonly Regex HistoryLabel = new(@"\bReview of issue\b|\bDefect \d+\b|\w*(Review|Defect)\w*Tests\b", RegexOptions.Compiled);

    [Fact]
    public void No_test_file_class_or_summary_is_labelled_by_its_review_or_defect_history()
    {
        var tests = Path.Combine(Packages.Root, "Tests");
        var labelled = Directory.GetFiles(tests, "*", SearchOption.AllDirectories)
            .Where(f => Sources.Contains(Path.GetExtension(f)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains("node_modules")
                && f != Path.Combine(tests, "Package.Tests", "Repository", "TestNamingTests.cs"))
            .SelectMany(f => (HistoryLabel.IsMatch(Path.GetFileName(f)) ? [$"{Path.GetRelativePath(Packages.Root, f)}: the file's name"] : new string[0])
                .Concat(File.ReadLines(f)
                    .Select((line, i) => (line, i))
                    .Where(l => HistoryLabel.IsMatch(l.line))
                    .Select(l => $"{Path.GetRelativePath(Packages.Root, f)}:{l.i + 1}: {l.line.Trim()}")))
            .Distinct()
            .ToList();
        Assert.True(labelled.Count == 0, $"{labelled.Count} history label(s):\n" + string.Join("\n", labelled));
    }
}
