// tether.js hold/drop and deref against a plain Map and array, in node (tinybench).
// Writes ../../bench/results/js-deref.md. Every row is per operation (a hold+drop pair counts as one).
import { Bench } from 'tinybench';
import { writeFileSync } from 'node:fs';
import { HandleTable } from '../Blazor/wwwroot/tether.js';

const N = 1000;
const TAG = 3; // a non-zero type tag, so the typed rows pay for the check
const objects = Array.from({ length: N }, (_, i) => ({ i }));
const strong = new HandleTable();
const weak = new HandleTable();
const strongHandles = objects.map((o) => strong.hold(o, false, TAG));
const weakHandles = objects.map((o) => weak.hold(o, true, TAG));
const map = new Map(strongHandles.map((h, i) => [h, objects[i]]));
const order = Array.from({ length: 4096 }, () => Math.floor(Math.random() * N));
// hold+drop rows run against their own tables, so the deref tables keep a fixed population.
const churnStrong = new HandleTable();
const churnWeak = new HandleTable();
const churnMap = new Map();

let sink = 0;
const bench = new Bench({ time: 500 });
bench
  .add('array index (baseline)', () => { for (const i of order) sink += objects[i].i; })
  .add('Map.get', () => { for (const i of order) sink += map.get(strongHandles[i]).i; })
  .add('tether deref (strong)', () => { for (const i of order) sink += strong.deref(strongHandles[i]).value.i; })
  .add('tether deref (strong, typed)', () => { for (const i of order) sink += strong.deref(strongHandles[i], TAG).value.i; })
  .add('tether deref (weak)', () => { for (const i of order) sink += weak.deref(weakHandles[i]).value.i; })
  .add('Map.set+delete', () => {
    for (const i of order) { churnMap.set(i, objects[i]); churnMap.delete(i); }
  })
  .add('tether hold+drop (strong)', () => {
    for (const i of order) churnStrong.drop(churnStrong.hold(objects[i], false, TAG));
  })
  .add('tether hold+drop (weak)', () => {
    for (const i of order) churnWeak.drop(churnWeak.hold(objects[i], true, TAG));
  });
await bench.run();

const base = bench.tasks[0].result.latency?.mean ?? bench.tasks[0].result.mean;
const rows = bench.tasks.map((t) => {
  const mean = t.result.latency?.mean ?? t.result.mean;
  return `| ${t.name} | ${((mean * 1e6) / order.length).toFixed(2)} | ${(mean / base).toFixed(2)} |`;
});
const text = `tether.js hold/drop and deref, ${N} live handles, random order, node ${process.version}\n\n| what | ns/op | ratio |\n|---|---:|---:|\n${rows.join('\n')}\n`;
console.log(text);
writeFileSync(new URL('../../bench/results/js-deref.md', import.meta.url), text);
if (sink === 42) console.log('');
