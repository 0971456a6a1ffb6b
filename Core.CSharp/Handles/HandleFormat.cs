namespace Tether;

/// <summary>Which raw forms a table guarantees for the handles it mints.</summary>
public enum HandleFormat
{
    /// <summary>
    /// 53-bit raw values (a JS-safe integer): up to 16,777,216 slots and 2,097,151 generations per slot.
    /// Small handles also have a compact 32-bit form, but it is not guaranteed.
    /// </summary>
    Raw53 = 0,

    /// <summary>
    /// Every handle also has a compact form, a positive <see cref="int"/> for guests that pass handles as <c>i32</c>:
    /// at most 1,048,576 slots, and a slot retires after 2,047 generations.
    /// </summary>
    Compact32 = 1,
}
