using System;
using System.Collections.Generic;
using Tether.Native.Tests.Support;
using Xunit;

namespace Tether.Native.Tests.Harness;

/// <summary>
/// The C harness (harness.c) against the published library: each case in a process of its own, built plain and
/// with AddressSanitizer and UndefinedBehaviorSanitizer. A case prints "ok case: ..." and exits 0, or prints
/// each failed check and exits 1; a sanitizer's report ends the process with an error.
/// </summary>
[Collection(NativeCollection.Name)]
public class HarnessTests(NativeBuild build)
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in new[] { "churn", "forged", "reenter", "block", "poll", "shutdown" })
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_harness_case_passes_with_and_without_sanitizers(string name, bool sanitized)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASAN_OPTIONS"] = "halt_on_error=1:abort_on_error=0",
            ["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1",
            ["LSAN_OPTIONS"] = $"suppressions={NativeBuild.LsanSuppressions}:print_suppressions=0",
        };
        var (code, output) = NativeBuild.Run(sanitized ? build.SanitizedHarness : build.Harness, name, NativeBuild.Output, TimeSpan.FromMinutes(3), environment);

        Assert.True(code == 0, $"harness {name} exited {code}:\n{output}");
        Assert.Contains($"ok {name}: ", output);
        Assert.DoesNotContain("FAIL", output);
        Assert.DoesNotContain("runtime error", output); // UBSan's report
        Assert.DoesNotContain("ERROR: AddressSanitizer", output);
    }

    [Fact]
    public void The_harness_checks_fail_loudly_for_an_unknown_case()
    {
        var (code, output) = NativeBuild.Run(build.Harness, "nonsense", NativeBuild.Output, TimeSpan.FromMinutes(1));

        Assert.Equal(2, code);
        Assert.Contains("unknown case nonsense", output);
    }
}
