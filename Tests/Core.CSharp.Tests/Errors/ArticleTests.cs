using Xunit;

namespace Tether.Tests.Errors;

public class ArticleTests
{
    [Theory]
    [InlineData("Entity", "an Entity")]
    [InlineData("Object", "an Object")]
    [InlineData("Item", "an Item")]
    [InlineData("Array", "an Array")]
    [InlineData("IDisposable", "an IDisposable")]
    [InlineData("UnauthorizedAccessException", "an UnauthorizedAccessException")]
    [InlineData("Update", "an Update")]
    [InlineData("Uri", "a Uri")]
    [InlineData("User", "a User")]
    [InlineData("Unit", "a Unit")]
    [InlineData("Union", "a Union")]
    [InlineData("European", "a European")]
    [InlineData("OneShot", "a OneShot")]
    [InlineData("String", "a String")]
    [InlineData("resource", "a resource")]
    [InlineData("", "a ")]
    public void Before_says_a_or_an_as_the_name_is_spoken(string name, string expected) =>
        Assert.Equal(expected, Article.Before(name));
}
