// The C# block of docs/wasm.md, verbatim, so that it compiles (Tests/Package.Tests/DocsSnippetTests checks it).
using Tether;
using Tether.Wasmtime;
using Wasmtime;

namespace Tether.Docs.Examples;

public sealed class Sprite;

public static class WasmGuide
{
    public static GuestHandles QuickStart(Engine engine, Store store, HandleTable table)
    {
        using var linker = new Linker(engine);
        var bridge = HandleBridge.Define(linker).ThrowIfFail();           // the "tether" imports
        linker.DefineFunction("host", "make", (Caller c, int weak) =>
            bridge.For(c).Match(g => g.Mint(new Sprite(), weak != 0 ? Hold.Weak : Hold.Strong), () => -1L));
        var guest = bridge.Attach(store, table).ThrowIfFail();             // one table (or scope) per instance
        return guest;
    }
}
