using System;
using System.IO;
using System.Text.RegularExpressions;
using Tether.Native.Tests.Support;
using Xunit;

namespace Tether.Native.Tests.Example;

/// <summary>The worked example (Interop/Native.Example): its C and Python callers tell the story they should.</summary>
[Collection(NativeCollection.Name)]
public class DemoTests(NativeBuild build)
{
    [Fact]
    public void The_C_demo_creates_uses_is_told_of_a_collection_and_gets_a_code_for_every_bad_handle()
    {
        var (code, output) = NativeBuild.Run(build.Demo, "", NativeBuild.Output, TimeSpan.FromMinutes(1));

        Assert.True(code == 0, output);
        Assert.Matches(@"example_counter_add\(counter, 2, &value\)\s+->\s+0 OK", output);
        Assert.Contains("value = 42", output);
        Assert.Matches(@"notice: handle \d+ was collected \(the loosened counter\)", output);
        Assert.Matches(@"tether_state\(loose\)\s+->\s+3 STATE_COLLECTED", output);
        Assert.Matches(@"tether_tighten\(loose\)\s+->\s+-3 COLLECTED", output);
        Assert.Matches(@"tether_drop\(note\) again\s+->\s+-2 DROPPED", output);
        Assert.Matches(@"a Counter as a Note\s+->\s+-4 WRONG_TYPE", output);
        Assert.Matches(@"example_counter_value\(other table's counter\)\s+->\s+-5 WRONG_TABLE", output);
        Assert.Matches(@"tether_lookup\(12345\): forged\s+->\s+-1 UNKNOWN", output);
        Assert.Matches(@"tether_lookup\(INT64_MAX\)\s+->\s+-1 UNKNOWN", output);
        Assert.Matches(@"tether_lookup\(counter\): still fine\s+->\s+0 OK", output);
        Assert.Contains("5. Counts: strong 1, weak 0, collected 0", output);
        Assert.Matches(@"example_counter_new\(1\)\s+->\s+-6 DISPOSED", output);
        Assert.Matches(@"tether_shutdown\(\) again\s+->\s+-6 DISPOSED", output);
    }

    [Fact]
    public void The_Python_ctypes_demo_tells_the_same_story()
    {
        var script = Path.Combine(NativeBuild.Root, "Interop", "Native.Example", "demo.py");
        var (code, output) = NativeBuild.Run("python3", $"\"{script}\" \"{NativeBuild.Library}\"", NativeBuild.Output, TimeSpan.FromMinutes(1));

        Assert.True(code == 0, output);
        Assert.Matches(@"Python holds counter \d+ and note \d+", output);
        Assert.Matches(@"tether_next_notice: handle \d+ was collected \(the loosened counter\)", output);
        Assert.Matches(@"example_counter_value\(loose\)\s+->\s+-3 COLLECTED", output);
        Assert.Matches(@"stale\s+->\s+-2 DROPPED", output);
        Assert.Matches(@"wrong type\s+->\s+-4 WRONG_TYPE", output);
        Assert.Matches(@"other table's counter\)\s+->\s+-5 WRONG_TABLE", output);
        Assert.Matches(@"tether_lookup\(-2\*\*63\): forged\s+->\s+-1 UNKNOWN", output);
        Assert.Matches(@"after shutdown\s+->\s+-6 DISPOSED", output);
        Assert.Equal(16, Regex.Matches(output, "\n").Count);
    }
}
