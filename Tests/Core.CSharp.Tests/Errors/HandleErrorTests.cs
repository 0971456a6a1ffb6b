using System;
using System.Linq;
using LanguageExt.Common;
using Xunit;

namespace Tether.Tests.Errors;

public class HandleErrorTests
{
    public static TheoryData<HandleError, int, string> Cases => new()
    {
        { new HandleError.Unknown(42), 1, "Handle 42 was never issued by this table." },
        { new HandleError.Dropped(42), 2, "Handle 42 was dropped." },
        { new HandleError.Collected(42, typeof(Uri)), 3, "The Uri behind handle 42 was collected." },
        { new HandleError.WrongType(42, typeof(Uri), typeof(string)), 4, "Handle 42 is a String handle, not a Uri handle." },
        { new HandleError.WrongTable(42), 5, "Handle 42 belongs to another table." },
        { new HandleError.Disposed(42), 6, "The handle table has been disposed." },
        { new HandleError.TableFull(8), 7, "The handle table is full (capacity 8)." },
        { new HandleError.NullResource(typeof(Uri)), 8, "A null Uri cannot be added to a handle table." },
        { new HandleError.NoCompactForm(42), 9, "Handle 42 has no compact 32-bit form; use a table with HandleFormat.Compact32." },
        { new HandleError.InvalidArgument("why"), 10, "Invalid argument: why" },
        { new HandleError.DisposeFailed(42, new InvalidOperationException("nope")), 11, "Disposing the resource of handle 42 failed: nope" },
        { new HandleError.WrongScope(42), 12, "Handle 42 does not belong to this scope." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_error_has_its_stable_code_and_message_and_is_an_Expected_error(HandleError error, int code, string message)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        Assert.IsAssignableFrom<Expected>(error);
        Assert.True(error.IsExpected);
        Assert.False(error.IsExceptional);
    }

    private sealed class Entity;

    private sealed class User;

    public static TheoryData<HandleError, string> MessagesNamingTypes => new()
    {
        { new HandleError.WrongType(42, typeof(Entity), typeof(object)), "Handle 42 is an Object handle, not an Entity handle." },
        { new HandleError.WrongType(42, typeof(Uri), typeof(Exception)), "Handle 42 is an Exception handle, not a Uri handle." },
        { new HandleError.WrongType(42, typeof(User), typeof(UnauthorizedAccessException)), "Handle 42 is an UnauthorizedAccessException handle, not a User handle." },
        { new HandleError.WrongType(42, typeof(IDisposable), typeof(string)), "Handle 42 is a String handle, not an IDisposable handle." },
    };

    [Theory]
    [MemberData(nameof(MessagesNamingTypes))]
    public void A_message_that_names_a_type_says_a_or_an_as_the_name_is_spoken(HandleError error, string message) =>
        Assert.Equal(message, error.Message);

    [Fact]
    public void The_codes_are_distinct_and_match_HandleErrorCode()
    {
        var constants = typeof(HandleErrorCode).GetFields().Select(f => (int)f.GetRawConstantValue()!).ToArray();
        Assert.Equal(Enumerable.Range(1, 12), constants.OrderBy(c => c));
        Assert.Equal(HandleErrorCode.Collected, new HandleError.Collected(1, typeof(Uri)).Code);
    }

    [Fact]
    public void Errors_compare_by_value_so_tests_and_callers_can_match_exactly()
    {
        Assert.Equal(new HandleError.Dropped(7), new HandleError.Dropped(7));
        Assert.NotEqual<HandleError>(new HandleError.Dropped(7), new HandleError.Dropped(8));
        Assert.NotEqual<HandleError>(new HandleError.Dropped(7), new HandleError.Unknown(7));
    }

    [Fact]
    public void An_error_matches_by_type_in_a_switch()
    {
        Error error = new HandleError.Collected(5, typeof(Uri));
        string said = error switch
        {
            HandleError.Dropped => "dropped",
            HandleError.Collected { Type: var type, Raw: var raw } => $"collected {type.Name} {raw}",
            _ => "other",
        };
        Assert.Equal("collected Uri 5", said);
    }
}
