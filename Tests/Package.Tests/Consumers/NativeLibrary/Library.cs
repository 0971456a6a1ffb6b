using System.Runtime.InteropServices;
using Tether;
using Tether.Native;

public sealed class Cup(int size)
{
    public int Size { get; } = size;
}

public static unsafe class CupExports
{
    [UnmanagedCallersOnly(EntryPoint = "cup_new")]
    public static long New(int size) => NativeHandles.Mint(new Cup(size));

    [UnmanagedCallersOnly(EntryPoint = "cup_size")]
    public static int Size(long cup, int* size)
    {
        int code = NativeHandles.TryGet(cup, out Cup? found);
        if (code == GuestCode.Ok)
            *size = found!.Size;
        return code;
    }
}
