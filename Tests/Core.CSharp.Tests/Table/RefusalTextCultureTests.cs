using System;
using System.Globalization;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// The table's own refusal texts are written without culture (Text): the same words whatever the culture of the
/// thread that was refused. Under sv-SE (ICU) the negative sign is U+2212, so an interpolated negative number differs.
/// </summary>
public class RefusalTextCultureTests
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
    public void An_add_with_an_undefined_hold_or_ownership_is_refused_in_the_same_words_under_every_culture()
    {
        Assert.Equal("\u2212", CultureInfo.GetCultureInfo("sv-SE").NumberFormat.NegativeSign); // ICU is present
        using var table = Fresh.Table();

        Under("sv-SE", () => table.Add(new Resource(1), (Hold)(-1)))
            .FailsWith(new HandleError.InvalidArgument("-1 is not a Hold."));
        Under("sv-SE", () => table.Add(new Resource(2), Hold.Strong, (Tether.Ownership)(-2)))
            .FailsWith(new HandleError.InvalidArgument("-2 is not an Ownership."));
    }
}
