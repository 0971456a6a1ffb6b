// The mistakes Tether.Core's analyzers explain; ConsumerTests checks the diagnostics by line.
using System.Text;
using Tether;

var options = new HandleTableOptions { Capacity = 8 };

// A Fin ignored: a failed drop would go unseen (TETHER001).
using var good = HandleTable.Create();
var handle = good.Add(new StringBuilder()).ThrowIfFail();
good.Drop(handle);
// Create takes no options (CS1501, TETHER003).
using var table = HandleTable.Create(options);
// The table is inside the Fin (CS0411, TETHER002).
HandleTable.TryCreate(options).Add(new StringBuilder());
