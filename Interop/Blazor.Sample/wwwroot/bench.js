// The benchmark page's JS work, done once for every way of calling it: Tether, [JSImport] (the baseline),
// Blazor's in-process and async interop. Each function is what the handle-table call does besides lookup.
const target = { value: 42, name: 'target', number() { return this.value; }, fresh() { return { name: 'fresh' }; } };
const held = new Map();
let nextId = 1;

/** The one target object every row reads (a new JSObject proxy each time .NET asks). */
export function getTarget() { return target; }

/** A plain object to hold and drop, as the sample pages make them. */
export function makeObject(name) { return { name, number() { return 1; } }; }

// [JSImport] baselines: the same JS work as Tether's State, Get, Invoke and hold+drop, minus the table.
export function isAlive(obj) { return obj !== undefined && obj !== null ? 1 : 0; }
export function getValue(obj) { return obj.value; }
export function callNumber(obj) { return obj.number(); }
export function holdInMap(obj) { const id = nextId++; held.set(id, obj); return id; }
export function dropFromMap(id) { return held.delete(id) ? 1 : 0; }

/** What IJSInProcessObjectReference and IJSObjectReference call: the value of the target's property. */
export function valueOf(obj) { return obj.value; }
