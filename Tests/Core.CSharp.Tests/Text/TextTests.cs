using System;
using System.Globalization;
using Xunit;

namespace Tether.Tests.Text;

/// <summary>The culture-free text of messages: the same digits long.ToString gives in the invariant culture.</summary>
public class TextTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(-7L)]
    [InlineData(10L)]
    [InlineData(1234567890123L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-1000L)]
    public void An_integer_reads_as_the_invariant_culture_writes_it(long value) =>
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Tether.Text.Of(value));

    [Fact]
    public void Every_integer_of_a_random_sample_reads_as_the_invariant_culture_writes_it()
    {
        var random = new Random(20261208);
        for (int i = 0; i < 10_000; i++)
        {
            long value = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Tether.Text.Of(value));
        }
    }

    [Theory]
    [InlineData(1500.0, "1.5")]
    [InlineData(1.0, "0.001")]
    [InlineData(12000.0, "12")]
    [InlineData(0.0, "0")]
    [InlineData(1234.5, "1.235")]
    [InlineData(999.6, "1")]
    [InlineData(-250.0, "-0.25")]
    [InlineData(-1500.0, "-1.5")]
    public void A_duration_reads_in_seconds_as_the_format_0_hash_hash_hash_writes_it(double millis, string expected)
    {
        var age = TimeSpan.FromMilliseconds(millis);
        Assert.Equal(expected, Tether.Text.Seconds(age));
        Assert.Equal(age.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), Tether.Text.Seconds(age));
    }

    [Fact]
    public void Enum_names_are_their_names_and_undefined_values_their_numbers()
    {
        Assert.Equal("Compact32", Tether.Text.Of(HandleFormat.Compact32));
        Assert.Equal("Raw53", Tether.Text.Of(HandleFormat.Raw53));
        Assert.Equal("Reclaim", Tether.Text.Of(SlotPolicy.Reclaim));
        Assert.Equal("AgesAndStacks", Tether.Text.Of(LeakTracking.AgesAndStacks));
        Assert.Equal("-3", Tether.Text.Of((HandleFormat)(-3)));
        Assert.Equal("9", Tether.Text.Of((LeakTracking)9));
    }
}
