using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Tether.Interop.Tests.Json;

public sealed record Parcel(string Item, int Quantity);

public sealed class Ticket
{
    public string Seat { get; set; } = "";
}

public enum Size
{
    Small,
    Large,
}

[JsonConverter(typeof(CodeConverter))]
public sealed class Code(string text)
{
    public string Text { get; } = text;
}

public sealed class CodeConverter : JsonConverter<Code>
{
    public override Code Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, Code value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Ticket))]
internal sealed partial class TicketJson : JsonSerializerContext;

/// <summary>
/// An exposed method's parameters and results are read by reflection only where no trimmer went over the type's
/// assembly: in a trimmed one, a type no context declares answers Serialization naming it, never defaults or {}.
/// </summary>
public class JsonContractsTests
{
    private const long Handle = 7;

    /// <summary>Contracts as a trimmed app has them, where a trimmer went over this test assembly.</summary>
    private static JsonContracts Trimmed(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? user = null) =>
        new(user, assembly => assembly == typeof(JsonContractsTests).Assembly);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string Refusal(Type type) =>
        $"{type} has no contract in JsHandlesOptions.Json, and this app was trimmed: reflection would read it from members the trimmer may have removed, "
        + "and answer defaults or {}. Declare it in a JsonSerializerContext and pass the context as JsHandlesOptions.Json (the build names it: TETHER101).";

    [Fact]
    public void An_undeclared_parameter_type_of_a_trimmed_assembly_answers_Serialization_naming_it()
    {
        bool read = Trimmed().TryRead(Json("""{"item":"tea","quantity":2}"""), typeof(Parcel), Handle, out var value, out var error);

        Assert.False(read);
        Assert.Null(value);
        var serialization = Assert.IsType<InteropError.Serialization>(error);
        Assert.Equal((Handle, typeof(Parcel), Refusal(typeof(Parcel))), (serialization.Handle, serialization.Type, serialization.Reason));
    }

    [Fact]
    public void An_undeclared_result_type_of_a_trimmed_assembly_answers_Serialization_naming_it_alone_in_a_list_or_as_an_object()
    {
        var contracts = Trimmed();
        var parcel = new Parcel("tea", 2);

        foreach (var (value, type) in new (object, Type)[] { (parcel, typeof(Parcel)), (new List<Parcel> { parcel }, typeof(List<Parcel>)), (parcel, typeof(object)) })
        {
            var error = contracts.Write(value, type, Handle).Match(json => (LanguageExt.Common.Error?)null, e => e);
            var serialization = Assert.IsType<InteropError.Serialization>(error);
            Assert.Equal((typeof(Parcel).ToString(), type), (serialization.Reason[..typeof(Parcel).ToString().Length], serialization.Type));
        }
    }

    [Fact]
    public void A_type_the_apps_context_declares_crosses_from_a_trimmed_assembly()
    {
        var contracts = Trimmed(TicketJson.Default);

        Assert.True(contracts.TryRead(Json("""{"seat":"12A"}"""), typeof(Ticket), Handle, out var ticket, out _));
        Assert.Equal("12A", Assert.IsType<Ticket>(ticket).Seat);
        Assert.Equal("""{"seat":"12A"}""", contracts.Write(new Ticket { Seat = "12A" }, typeof(Ticket), Handle).Match(j => j.GetRawText(), e => e.Message));
    }

    [Fact]
    public void Types_read_by_a_converter_cross_from_a_trimmed_assembly()
    {
        var contracts = Trimmed();

        Assert.True(contracts.TryRead(Json("1"), typeof(Size), Handle, out var size, out _));
        Assert.True(contracts.TryRead(Json("\"X1\""), typeof(Code), Handle, out var code, out _));
        Assert.True(contracts.TryRead(Json("""{"any":1}"""), typeof(object), Handle, out var anything, out _));
        Assert.True(contracts.TryRead(Json("[1,2]"), typeof(List<Size>), Handle, out var sizes, out _));
        Assert.Equal((Size.Large, "X1", JsonValueKind.Object, 2), (size, Assert.IsType<Code>(code).Text, Assert.IsType<JsonElement>(anything).ValueKind, Assert.IsType<List<Size>>(sizes).Count));
        Assert.Equal("\"X1\"", contracts.Write(new Code("X1"), typeof(Code), Handle).Match(j => j.GetRawText(), e => e.Message));
    }

    [Fact]
    public void Where_no_trimmer_went_over_the_assembly_reflection_reads_an_undeclared_type()
    {
        var contracts = new JsonContracts(null, _ => false);

        Assert.True(contracts.TryRead(Json("""{"item":"tea","quantity":2}"""), typeof(Parcel), Handle, out var parcel, out _));
        Assert.Equal(new Parcel("tea", 2), parcel);
        Assert.Equal("""{"item":"tea","quantity":2}""", contracts.Write(parcel, typeof(Parcel), Handle).Match(j => j.GetRawText(), e => e.Message));
    }

    [Fact]
    public void An_app_that_was_not_trimmed_has_no_trimmed_assembly_though_its_libraries_say_IsTrimmable()
    {
        // Tether.Interop says IsTrimmable; this test process was not trimmed, so the sentinel type is there.
        Assert.False(TrimmedAssemblies.Contains(typeof(JsHandles).Assembly));
        Assert.False(TrimmedAssemblies.Contains(typeof(JsonContractsTests).Assembly));
    }
}
