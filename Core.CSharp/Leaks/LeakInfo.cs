namespace Tether;

/// <summary>What a tracking table remembers about a handle's creation.</summary>
internal readonly record struct LeakInfo(long Timestamp, string? Stack);
