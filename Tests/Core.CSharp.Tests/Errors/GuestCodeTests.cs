using System;
using LanguageExt;
using LanguageExt.Common;
using Xunit;

namespace Tether.Tests.Errors;

public class GuestCodeTests
{
    public static TheoryData<int> Codes => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_goes_to_the_guest_negated_and_comes_back_as_the_same_case_and_value(int code)
    {
        var error = GuestCode.ToError(-code, raw: 77).Match(e => e, () => throw new Xunit.Sdk.XunitException($"no error for -{code}"));

        Assert.Equal(code, error.Code);
        Assert.Equal(-code, GuestCode.Of(error));
        if (code is not (HandleErrorCode.TableFull or HandleErrorCode.NullResource))
            Assert.Equal(77, error.Raw);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-13)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Success_positive_values_and_unknown_codes_are_no_error(int code) =>
        Assert.True(GuestCode.ToError(code).IsNone);

    [Fact]
    public void A_foreign_or_null_error_is_never_a_positive_code()
    {
        Assert.Equal(-HandleErrorCode.InvalidArgument, GuestCode.Of(Error.New(-5000000, "LanguageExt's own")));
        Assert.Equal(-HandleErrorCode.InvalidArgument, GuestCode.Of((Error)null!));
        Assert.Equal(GuestCode.Ok, GuestCode.Of(Fin<int>.Succ(1)));
        Assert.Equal(-HandleErrorCode.Dropped, GuestCode.Of(Fin<int>.Fail(new HandleError.Dropped(3))));
    }
}
