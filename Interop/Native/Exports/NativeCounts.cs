using System.Runtime.InteropServices;

namespace Tether.Native;

/// <summary>tether_counts_t: the table's <see cref="TableCounts"/>, laid out as C lays out five int32_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct NativeCounts(int Strong, int Weak, int Collected, int Free, int Retired);
