// A consumer of the shipped Tether.Core package, as a user would write it.
using System;
using System.Text;
using Tether;

using var table = HandleTable.Create();
var text = new StringBuilder("hello");
var handle = table.Add(text).Match(h => h, e => throw new InvalidOperationException(e.Message));
Console.WriteLine($"get: {table.Get(handle).Match(s => s.ToString(), e => e.Message)}");

var resolved = table.Resolve<StringBuilder>(handle.Raw);
Console.WriteLine($"resolve: {resolved.Match(h => h == handle ? "same handle" : "other", e => e.Message)}");

Console.WriteLine($"drop: {table.Drop(handle).Match(_ => "ok", e => e.Message)}");
Console.WriteLine($"after drop: {table.Get(handle).Match(s => s.ToString(), e => $"{e.GetType().Name} ({e.Code})")}");
Console.WriteLine($"forged: {table.Resolve<StringBuilder>(12345).Match(_ => "resolved?!", e => $"{e.GetType().Name} ({e.Code})")}");
Console.WriteLine($"counts: {table.Counts}");
