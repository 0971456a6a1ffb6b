// The C# block of docs/native.md and Interop/Native/README.md, verbatim, so that it compiles
// (Tests/Package.Tests/DocsSnippetTests and ReadmeSnippetTests check it). In a NativeAOT library it is exported.
using System.Runtime.InteropServices;
using Tether;
using Tether.Native;

namespace Tether.Docs.Examples;

public sealed class Brush(int width)
{
    public int Width { get; } = width;
}

public static unsafe class BrushExports
{
    [UnmanagedCallersOnly(EntryPoint = "brush_new")]
    public static long New(int width) => NativeHandles.Mint(new Brush(width), Hold.Strong);

    [UnmanagedCallersOnly(EntryPoint = "brush_width")]
    public static int Width(long brush, int* width)
    {
        int code = NativeHandles.TryGet(brush, out Brush? found); // 0, or -1 .. -6: stale, forged, wrong type, ...
        if (code == GuestCode.Ok)
            *width = found!.Width;
        return code;
    }
}
