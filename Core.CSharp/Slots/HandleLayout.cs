namespace Tether;

/// <summary>
/// The bit layout of raw handles. Kept in one place because the JS side, the Wasm ABI and the docs all
/// depend on it.
/// </summary>
/// <remarks>
/// Raw (53 bits, so it survives a JS <c>Number</c>): <c>[tag:8][generation ^ key:21][index:24]</c>.
/// The tag (1..255) names the table, so a raw value always has a bit at or above bit 45 set and 0 is never
/// valid. The generation is XOR-ed with a random per-table key so that two tables whose tags coincide
/// still disagree on the generation of the same slot (2^-21 odds of a match).
/// Compact (31 bits, a positive <c>i32</c>): <c>[generation:11][index:20]</c>; the generation is at least
/// 1, so 0 is never valid and negative values stay free for error codes.
/// </remarks>
internal static class HandleLayout
{
    public const int IndexBits = 24;
    public const int GenerationBits = 21;
    public const int TagBits = 8;

    public const long IndexMask = (1L << IndexBits) - 1;
    public const int GenerationMask = (1 << GenerationBits) - 1;
    public const int TagMask = (1 << TagBits) - 1;

    /// <summary>The largest raw value: 2^53 - 1, JavaScript's <c>Number.MAX_SAFE_INTEGER</c>.</summary>
    public const long MaxRaw = (1L << (IndexBits + GenerationBits + TagBits)) - 1;

    /// <summary>The smallest raw value any table issues: tag 1, generation bits 0, slot 0.</summary>
    public const long MinRaw = 1L << (IndexBits + GenerationBits);

    /// <summary>
    /// Whether a value could have been issued at all: <see cref="MinRaw"/> .. <see cref="MaxRaw"/>. Every
    /// entry point checks this before it reads a slot, so a value with bits above bit 52 (which could
    /// otherwise alias a free slot's stamp bits) or with tag 0 never reaches the slot comparison.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool InRange(long raw) => (ulong)(raw - MinRaw) <= (ulong)(MaxRaw - MinRaw);

    public const int MaxSlotsRaw = 1 << IndexBits;
    public const int MaxGenerationRaw = GenerationMask;

    public const int CompactIndexBits = 20;
    public const int CompactGenerationBits = 11;
    public const int CompactIndexMask = (1 << CompactIndexBits) - 1;
    public const int MaxSlotsCompact = 1 << CompactIndexBits;
    public const int MaxGenerationCompact = (1 << CompactGenerationBits) - 1;

    /// <summary>The stamp a live slot carries: exactly the bits of its handle's raw value above the index.</summary>
    public static int Stamp(int tag, int generation, int key) => (tag << GenerationBits) | ((generation ^ key) & GenerationMask);

    public static long Raw(int stamp, int index) => ((long)stamp << IndexBits) | (uint)index;

    public static int IndexOf(long raw) => (int)(raw & IndexMask);

    public static int TagOf(long raw) => (int)(raw >> (IndexBits + GenerationBits)) & TagMask;

    public static int GenerationOf(long raw, int key) => ((int)(raw >> IndexBits) ^ key) & GenerationMask;

    public static int GenerationOfStamp(int stamp, int key) => (stamp ^ key) & GenerationMask;

    public static int Compact(int generation, int index) => (generation << CompactIndexBits) | index;
}
