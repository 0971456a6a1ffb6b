using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Handles;

public sealed record Pinned(string Name, JsHandle<Chart> Chart);

/// <summary>An app's own source-generated contract (what a trimmed app uses) for a type that holds a handle.</summary>
[JsonSerializable(typeof(Pinned))]
internal sealed partial class PinnedContext : JsonSerializerContext;

/// <summary>
/// JsHandle's JSON contract (it refuses to be written) must be one an app's source-generated context can use: the
/// generator instantiates the converter named by [JsonConverter] in the app's own code, so it must be accessible
/// there, or the app's build warns (SYSLIB1220, SYSLIB1030; an error under TreatWarningsAsErrors) and its contract
/// has no metadata for the handle.
/// </summary>
public class HandleContractTests
{
    [Fact]
    public void The_converter_JsHandle_names_can_be_made_by_an_apps_generated_code()
    {
        // This project sees Tether's internals (InternalsVisibleTo), so its own generated context builds either way;
        // an app's does not: the generator needs a public converter type with a public parameterless constructor.
        var converter = typeof(JsHandle<>).GetCustomAttribute<JsonConverterAttribute>()!.ConverterType!;

        Assert.True(converter.IsPublic, $"{converter.Name} is not public");
        Assert.NotNull(converter.GetConstructor(System.Type.EmptyTypes));
    }

    [Fact]
    public async Task An_apps_source_generated_contract_with_a_handle_member_refuses_to_write_the_handle()
    {
        var (handles, js) = Make();
        var chart = await Held<Chart>(handles, js);

        var refused = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Serialize(new Pinned("p", chart), PinnedContext.Default.Pinned));

        Assert.Equal("a JsHandle inside an argument cannot cross as a handle", refused.Message);
    }
}
