using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Errors;

/// <summary>An argument type whose JSON contract is invalid (two properties with one JSON name): STJ throws InvalidOperationException.</summary>
public sealed class CollidingArgs
{
    [JsonPropertyName("x")]
    public int A { get; set; }

    [JsonPropertyName("x")]
    public int B { get; set; }
}

/// <summary>A result type whose setter throws something other than the exceptions JsonContracts catches.</summary>
public sealed class ThrowingResult
{
    public int X
    {
        get => 0;
        set => throw new KeyNotFoundException("setter refuses " + value);
    }
}

/// <summary>each failure is its own (right) case, and none escapes.</summary>
public class ErrorClassificationTests
{
    [Fact]
    public async Task An_argument_that_cannot_be_serialised_is_Serialization_not_NotInteractive()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["invoke"] = _ => Answer.Of(new { state = "alive" });

        var error = ErrorOf(await handles.InvokeVoid(chart, "draw", new CollidingArgs()));

        // Today: NotInteractive ("call from OnAfterRenderAsync") - a caller following the docs retries for ever.
        Assert.IsType<InteropError.Serialization>(error);
    }

    [Fact]
    public async Task A_result_type_whose_setter_throws_is_a_Serialization_error_not_an_exception()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);
        js.Script["getProperty"] = _ => Answer.Of(new { state = "alive", value = new { x = 1 } });

        var thrown = await Record.ExceptionAsync(() => handles.Get<Chart, ThrowingResult>(chart, "size"));

        Assert.Null(thrown); // today: KeyNotFoundException escapes Get (JsonContracts.Read catches only some types)
    }

    [Fact]
    public async Task DropMany_over_an_enumerable_that_throws_answers_a_value()
    {
        var (handles, _) = Make();

        var thrown = await Record.ExceptionAsync(() => handles.DropMany(Throwing()));

        Assert.Null(thrown);

        static IEnumerable<JsHandle<Chart>> Throwing()
        {
            throw new InvalidOperationException("enumerator broke");
#pragma warning disable CS0162
            yield break;
#pragma warning restore CS0162
        }
    }
}
