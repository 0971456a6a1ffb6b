using System;
using System.Globalization;
using Xunit;

namespace Tether.Tests.Errors;

/// <summary>
/// HandleError messages built lazily: the message is now formatted when Message is read,
/// with the reading thread's culture, so one error value answers different Messages (and ToStrings) depending
/// on who reads it: a value formatted eagerly was fixed at construction. Under a culture whose negative sign is
/// not "-" (sv-SE: U+2212 with ICU) the refusal of a hostile negative raw value reads differently.
/// </summary>
public class LazyMessageCultureTests
{
    private static T Under<T>(string culture, Func<T> read)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            return read();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void an_errors_Message_does_not_change_with_the_culture_of_the_thread_that_reads_it()
    {
        var error = new HandleError.Unknown(-1);
        Assert.Equal("\u2212", CultureInfo.GetCultureInfo("sv-SE").NumberFormat.NegativeSign); // ICU is present

        string invariant = Under("", () => error.Message);
        string swedish = Under("sv-SE", () => error.Message);

        Assert.Equal("Handle -1 was never issued by this table.", invariant);
        Assert.Equal(invariant, swedish);
        Assert.Equal(Under("", () => error.ToString()), Under("sv-SE", () => error.ToString()));
    }

    [Fact]
    public void a_table_refusal_built_on_one_thread_reads_the_same_on_another()
    {
        using var table = HandleTable.Create();
        var error = Under("sv-SE", () => table.Check(-5).Match(_ => null!, e => (HandleError)e));

        Assert.Equal("Handle -5 was never issued by this table.", Under("", () => error.Message));
        Assert.Equal(Under("", () => error.Message), Under("sv-SE", () => error.Message));
    }
}
