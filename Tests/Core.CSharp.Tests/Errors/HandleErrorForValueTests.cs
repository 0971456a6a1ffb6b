using System;
using Xunit;

namespace Tether.Tests.Errors;

/// <summary>An error retold about another value (a compact form) keeps its kind, details and message shape.</summary>
public class HandleErrorForValueTests
{
    public static TheoryData<HandleError, HandleError> Retold => new()
    {
        { new HandleError.Unknown(42), new HandleError.Unknown(7) },
        { new HandleError.Dropped(42), new HandleError.Dropped(7) },
        { new HandleError.Collected(42, typeof(Uri)), new HandleError.Collected(7, typeof(Uri)) },
        { new HandleError.WrongType(42, typeof(Uri), typeof(string)), new HandleError.WrongType(7, typeof(Uri), typeof(string)) },
        { new HandleError.WrongTable(42), new HandleError.WrongTable(7) },
        { new HandleError.Disposed(42), new HandleError.Disposed(7) },
        { HandleError.Disposed.Scope(42), HandleError.Disposed.Scope(7) },
        { new HandleError.NoCompactForm(42), new HandleError.NoCompactForm(7) },
        { new HandleError.WrongScope(42), new HandleError.WrongScope(7) },
    };

    [Theory]
    [MemberData(nameof(Retold))]
    public void An_error_about_a_handle_is_retold_about_the_other_value(HandleError error, HandleError expected)
    {
        var retold = error.ForValue(7);

        Assert.Equal(expected, retold);
        Assert.Equal(expected.Message, retold.Message);
        Assert.Equal(7, retold.Raw);
    }

    [Fact]
    public void Errors_that_are_not_about_a_handle_stay_as_they_are()
    {
        HandleError[] errors =
        [
            new HandleError.TableFull(8),
            new HandleError.NullResource(typeof(Uri)),
            new HandleError.InvalidArgument("why"),
            new HandleError.DisposeFailed(42, new InvalidOperationException("nope")),
        ];

        Assert.All(errors, e => Assert.Same(e, e.ForValue(7)));
    }

    [Fact]
    public void The_short_form_names_the_case_code_and_message()
    {
        Assert.Equal("Dropped(2): Handle 123 was dropped.", new HandleError.Dropped(123).ToString());
        Assert.Equal("Disposed(6): The handle scope has been disposed.", HandleError.Disposed.Scope(0).ToString());
    }
}
