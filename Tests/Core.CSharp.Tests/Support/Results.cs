using System;
using LanguageExt;
using LanguageExt.Common;
using Xunit;

namespace Tether.Tests.Support;

/// <summary>Unwraps LanguageExt results in tests, failing with the other case's message.</summary>
internal static class Results
{
    public static T Value<T>(this Fin<T> fin) =>
        fin.Match(value => value, error => throw new Xunit.Sdk.XunitException($"expected success, got {error.GetType().Name}: {error.Message}"));

    public static Error Error<T>(this Fin<T> fin) =>
        fin.Match(value => throw new Xunit.Sdk.XunitException($"expected an error, got {value}"), error => error);

    /// <summary>Asserts the exact error, value and code alike.</summary>
    public static void FailsWith<T>(this Fin<T> fin, HandleError expected)
    {
        var actual = fin.Error();
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Code, actual.Code);
    }
}

/// <summary>A resource that knows which handle it was issued (set after adding).</summary>
public sealed class Resource(int id)
{
    public int Id { get; } = id;
    public long Raw { get; set; }
    public override string ToString() => $"Resource#{Id}";
}

/// <summary>A second resource type, for wrong-type cases.</summary>
public sealed class OtherResource
{
}
