namespace Tether.Wasmtime;

/// <summary>How <see cref="HandleBridge.Define"/> lays out the handle ABI.</summary>
public sealed record HandleBridgeOptions
{
    /// <summary>The import module the guest takes the handle functions from. Default <c>"tether"</c>.</summary>
    public string Module { get; init; } = "tether";

    /// <summary>Whether handles cross as <c>i64</c> or <c>i32</c>.</summary>
    public WireForm Form { get; init; } = WireForm.I64;

    /// <summary>
    /// The guest export called once per collected handle, with the handle: <c>(param i64)</c> or
    /// <c>(param i32)</c>. A guest that does not export it gets no notices. Default <c>"on_collected"</c>.
    /// </summary>
    public string NoticeExport { get; init; } = "on_collected";
}
