// C# examples for the docs site. The docs pull the regions between "// [name]" and "// [/name]" markers,
// so every snippet on the site compiles with the library as it is.
// [usings]
using System;
using System.Text;
using Tether;
// [/usings]

namespace Tether.Docs.Examples;

public static class QuickStart
{
    public static string Run()
    {
        // [quick-start]
        using var table = HandleTable.Create();
        var canvas = new StringBuilder("canvas");
        Handle<StringBuilder> handle = table.Add(canvas, Hold.Weak).ThrowIfFail();
        long raw = handle.Raw;                          // give this integer to the guest

        var back = table.Get<StringBuilder>(raw);       // Fin<StringBuilder>, validated: forged values are errors
        _ = table.Drop(handle);                         // a Fin too, ignored on purpose: the lookup below says why
        var stale = table.Get(handle);                  // Fin<StringBuilder>: Dropped, never someone else's resource
        // [/quick-start]
        GC.KeepAlive(canvas);
        return $"{back.Match(s => s.ToString(), e => e.Message)} / {stale.Match(s => s.ToString(), e => e.Message)}";
    }

    public static string Errors()
    {
        using var table = HandleTable.Create();
        var handle = table.Add(new StringBuilder()).ThrowIfFail();
        table.Drop(handle);
        // [match-errors]
        string said = table.Get(handle).Match(
            Succ: text => $"alive: {text}",
            Fail: error => error switch
            {
                HandleError.Dropped => "dropped: the owner ended it",
                HandleError.Collected c => $"collected: the GC took the {c.Type.Name}",
                HandleError.WrongType w => $"issued for {w.Actual.Name}, asked for as {w.Expected.Name}",
                _ => $"error {error.Code}: {error.Message}",
            });
        // [/match-errors]
        return said;
    }

    public static int Scopes()
    {
        using var table = HandleTable.Create();
        // [scopes]
        using (var request = table.OpenScope())
        {
            _ = request.Add(new StringBuilder("per request"));   // "_ =": its Fin is ignored on purpose
            var kept = request.Add(new StringBuilder("outlives it"));
            kept.Bind(request.Promote);                     // moves it to the table itself
        }                                                   // the other handle is dropped here
        // [/scopes]
        return table.Counts.Live;
    }

    public static string WithOptions()
    {
        // [create-with-options]
        var created = HandleTable.TryCreate(new HandleTableOptions { Capacity = 1 });   // Fin<HandleTable>
        if (created.Case is not HandleTable table)
            return $"{created.Case}";                   // the HandleError that says which option is out of range
        using (table)
        {
            _ = table.Add(new StringBuilder("the one"));
            var more = table.Add(new StringBuilder("one too many"));   // TableFull
            return more.Match(_ => "added", error => error.ToString());
        }
        // [/create-with-options]
    }
}
