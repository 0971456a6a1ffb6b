namespace Tether.Wasmtime;

/// <summary>How handles cross the Wasm boundary.</summary>
public enum WireForm
{
    /// <summary>As <c>i64</c>: the handle's raw form, a positive integer below 2^53.</summary>
    I64 = 0,

    /// <summary>
    /// As <c>i32</c>: the compact form, a positive <c>int</c>. Attach a table created with
    /// <c>HandleFormat.Compact32</c>, so every handle has one.
    /// </summary>
    I32 = 1,
}
