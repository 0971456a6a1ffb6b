// Page code that runs
// in the middle of a table operation. A Proxy's traps (read by hold's checks), a node's isConnected getter
// (read by every deref of a held element) and a node's childNodes (read by the detach walk) are page code;
// a try around them stops a throw, but not what the code does meanwhile: call back into the same table.
// The fake DOM puts Node on globalThis, as a browser has it, so hold's isNode check runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tether from '../Blazor/wwwroot/tether.js';
import { HandleTable } from '../Blazor/wwwroot/tether.js';
import { FakeDotNet, FakeNode, installFakeDom } from './fakes.mjs';

const SLOTS = 2 ** 20;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('a value whose trap disposes the table while hold checks it is refused with -10, not held in the disposed table', () => {
  installFakeDom();
  const id = tether.createTable(new FakeDotNet(), false, 'token-r16-a');
  const value = new Proxy({}, { getOwnPropertyDescriptor() { tether.disposeTable(id); return undefined; } });
  assert.equal(tether.hold(id, value, false, 0), -10);
  assert.deepEqual(tether.counts(id), { live: 0, strong: 0, weak: 0, free: 0 });

  const table = new HandleTable();
  const other = new Proxy({}, { getPrototypeOf() { table.dispose(); return Object.prototype; } });
  assert.equal(table.hold(other), -10);
  assert.equal(table.live, 0);
  assert.deepEqual(table.slots.filter((slot) => slot.live), []);
});

test('a value whose trap drops the handle hold is about to issue does not free the slot under it', () => {
  installFakeDom();
  const table = new HandleTable();
  // The first handle of a fresh table is predictable: generation 1, slot 0.
  let dropped;
  const value = new Proxy({ name: 'held' }, { getPrototypeOf() { dropped ??= table.drop(SLOTS + 0); return Object.prototype; } });
  const h = table.hold(value, false, 3);
  assert.equal(h, SLOTS + 0);
  assert.equal(dropped, 'unknown');
  assert.equal(table.state(h, 3), 'alive');
  assert.equal(table.live, 1);
  assert.deepEqual(table.free, []);
  // The next hold takes a new slot; it must not reuse the first handle's, replacing its object.
  const next = table.hold({ name: 'next' });
  assert.equal(next, SLOTS + 1);
  assert.equal(table.deref(h, 3).value, value);
  assert.deepEqual(table.counts(), { live: 2, strong: 2, weak: 0, free: SLOTS - 2 });
});

test('an element whose isConnected getter drops its own handle during drop is freed once, and no later hold loses its object', () => {
  const doc = installFakeDom();
  const table = new HandleTable();
  const el = doc.body.appendChild(new FakeNode('el'));
  const h = table.hold(el);
  assert.equal(h, SLOTS + 0);
  let reentered = false;
  Object.defineProperty(el, 'isConnected', {
    get() {
      if (!reentered) {
        reentered = true;
        assert.equal(table.drop(h), 'alive');
      }
      return true;
    },
  });
  assert.equal(table.drop(h), 'dropped');
  assert.equal(table.live, 0);
  assert.equal(table.heldNodes, 0);
  assert.deepEqual(table.free, [0]);
  const a = table.hold({ name: 'a' });
  const b = table.hold({ name: 'b' });
  assert.deepEqual([a, b], [2 * SLOTS + 0, SLOTS + 1]);
  assert.equal(table.deref(a).value.name, 'a');
  assert.equal(table.deref(b).value.name, 'b');
  assert.deepEqual(table.counts(), { live: 2, strong: 2, weak: 0, free: SLOTS - 2 });
});

test('an isConnected getter that drops the handle and holds another in its slot during loosen leaves the new handle strong', () => {
  const doc = installFakeDom();
  const table = new HandleTable();
  const el = doc.body.appendChild(new FakeNode('el'));
  const h = table.hold(el);
  const other = { name: 'other, held strongly' };
  let taken;
  Object.defineProperty(el, 'isConnected', {
    get() {
      if (taken === undefined) {
        taken = 0;
        table.drop(h);
        taken = table.hold(other); // the freed slot 0, generation 2
      }
      return true;
    },
  });
  assert.equal(table.loosen(h), 'dropped');
  assert.equal(taken, 2 * SLOTS + 0);
  assert.equal(table.slots[0].strong, other, 'the other handle was loosened: its object may now be collected');
  assert.deepEqual(table.counts(), { live: 1, strong: 1, weak: 0, free: SLOTS - 1 });
  assert.equal(table.drop(taken), 'alive');
  assert.equal(table.live, 0);
});

test('a removed node whose children cannot be read does not hide the departures of the held elements after it', async () => {
  const doc = installFakeDom();
  const batches = [];
  const table = new HandleTable({ onNotices: (batch) => batches.push(batch) });
  table.watchDetached(doc);
  const box = doc.body.appendChild(new FakeNode('box'));
  const hostile = box.appendChild(new FakeNode('hostile'));
  const a = box.appendChild(new FakeNode('a'));
  const h = table.hold(a);
  // A page script gave one element a childNodes the walk cannot read.
  Object.defineProperty(hostile, 'childNodes', { value: { get length() { throw new Error('hostile length'); } } });
  box.remove();
  assert.doesNotThrow(() => doc.deliver());
  await tick();
  assert.deepEqual(batches, [{ collected: [], detached: [h] }]);
});

test('the [JSImport] dropOne drops its one handle without the array path (no array is made or read per call)', () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token-r16-b');
  const h = tether.hold(id, { name: 'x' }, false, 2);
  const isArray = Array.isArray;
  let reads = 0;
  Array.isArray = (value) => { reads += 1; return isArray(value); };
  let answers;
  try {
    answers = [tether.dropOne(id, h, 5), tether.dropOne(id, h, 2), tether.dropOne(id, h, 2), tether.dropOne(id, 12345, 0)];
  } finally {
    Array.isArray = isArray;
  }
  tether.disposeTable(id);
  assert.deepEqual(answers, [5, 1, 2, 0]); // wrongtype, alive, dropped, unknown
  assert.equal(tether.dropOne(id, h, 2), 6); // disposed
  assert.equal(reads, 0);
});
