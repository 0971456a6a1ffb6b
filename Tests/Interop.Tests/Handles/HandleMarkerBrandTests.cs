using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Handles;

/// <summary>
/// forged handle markers: tether.js revived any argument shaped like a marker, so data a .NET caller
/// forwards as is (a JsonElement or a dictionary parsed from a user's JSON) reached JS as whatever object the
/// table holds under the number it names. A marker now carries the table's brand: 16 random bytes the service
/// draws once and hands to tether.js in createTable, which revives only markers with that brand. User data
/// cannot name it: it never leaves the service and the module, and each service (each circuit) has its own.
/// </summary>
public class HandleMarkerBrandTests
{
    private static string BrandOf(ScriptedJSRuntime js) => CallsTo(js, "createTable").Single().Arg(3).GetString()!;

    [Fact]
    public async Task createTable_gets_the_brand_after_the_token_each_service_its_own_and_never_the_token()
    {
        var (handles, js) = Make();
        var (other, otherJs) = Make();
        await handles.Connect();
        await other.Connect();

        var create = CallsTo(js, "createTable").Single();
        Assert.Equal(4, create.Args.GetArrayLength()); // the receiver, watchDom, the notice token, the brand
        string brand = BrandOf(js);
        Assert.Matches("^[0-9A-F]{32}$", brand);
        Assert.NotEqual(create.Arg(2).GetString(), brand);
        Assert.NotEqual(brand, BrandOf(otherJs));
    }

    [Fact]
    public async Task the_JSON_marker_carries_the_handle_its_tag_and_the_brand_given_to_createTable()
    {
        // JsArguments.ForJson writes the markers of the IJSRuntime path (Server) and of WebAssembly's in-process
        // JSON calls (invokeSync, invokeAndHoldSync, setProperty) alike.
        var (handles, js) = Make();
        var card = await Held<Card>(handles, js, Second);
        string expected = $"{{\"__tetherHandle\":{Second},\"__tetherType\":{handles.TagOf<Card>()},\"__tetherBrand\":\"{BrandOf(js)}\"}}";

        var args = JsArguments.ForJson(handles, new object?[] { 1, card, "x" }).Items;
        Assert.Equal(3, args.Length);
        Assert.Equal(1, args[0]);
        Assert.Equal(expected, Assert.IsType<JsonElement>(args[1]).GetRawText());
        Assert.Equal("x", args[2]);
        Assert.Equal(expected, Assert.IsType<JsonElement>(JsArguments.ForJson(handles, (object?)card)).GetRawText());
    }
}
