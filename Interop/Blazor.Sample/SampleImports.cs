using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

namespace Tether.Sample;

/// <summary>The sample's own [JSImport] functions: the probe's JS objects for the synchronous API, and the benchmark's baselines.</summary>
[SupportedOSPlatform("browser")]
internal static partial class SampleImports
{
    public const string Sample = "tether-sample";
    public const string Bench = "tether-bench";

    [JSImport("makeObject", Sample)]
    public static partial JSObject MakeObject(string name);

    [JSImport("getTarget", Bench)]
    public static partial JSObject Target();

    [JSImport("makeObject", Bench)]
    public static partial JSObject MakeBenchObject(string name);

    [JSImport("isAlive", Bench)]
    public static partial int IsAlive(JSObject obj);

    [JSImport("getValue", Bench)]
    public static partial double GetValue(JSObject obj);

    [JSImport("callNumber", Bench)]
    public static partial double CallNumber(JSObject obj);

    [JSImport("holdInMap", Bench)]
    public static partial int HoldInMap(JSObject obj);

    [JSImport("dropFromMap", Bench)]
    public static partial int DropFromMap(int id);
}
