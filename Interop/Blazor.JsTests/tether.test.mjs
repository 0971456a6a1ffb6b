import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HandleTable } from '../Blazor/wwwroot/tether.js';

const SLOTS = 2 ** 20;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs a full GC in a later job: a WeakRef's target is kept alive until the job that touched it ends. */
async function collect() {
  for (let i = 0; i < 3; i++) {
    await tick();
    globalThis.gc();
  }
  await tick();
}

test('a held object derefs alive, by exactly its handle', () => {
  const table = new HandleTable();
  const a = { name: 'a' };
  const b = { name: 'b' };
  const ha = table.hold(a);
  const hb = table.hold(b, true);
  assert.equal(ha, 1 * SLOTS + 0);
  assert.equal(hb, 1 * SLOTS + 1);
  assert.deepEqual(table.deref(ha), { state: 'alive', value: a });
  assert.deepEqual(table.deref(hb), { state: 'alive', value: b });
  assert.deepEqual(table.counts(), { live: 2, strong: 1, weak: 1, free: SLOTS - 2 });
});

test('a stale handle says dropped, never the newer object in its slot', () => {
  const table = new HandleTable();
  const old = table.hold({ n: 1 });
  assert.equal(table.drop(old), 'alive');
  const fresh = table.hold({ n: 2 });
  assert.equal(fresh % SLOTS, old % SLOTS);
  assert.equal(fresh, old + SLOTS);
  assert.deepEqual(table.deref(old), { state: 'dropped' });
  assert.equal(table.drop(old), 'dropped');
  assert.equal(table.deref(fresh).value.n, 2);
});

test('forged values are unknown and never throw', () => {
  const table = new HandleTable();
  table.hold({});
  for (const forged of [0, -1, 1.5, NaN, Infinity, 2 ** 53, SLOTS + 5, 7 * SLOTS, '12', null, undefined]) {
    assert.equal(table.state(forged), 'unknown', String(forged));
    assert.equal(table.drop(forged), 'unknown');
  }
});

test('null is refused and a full table says so with a code', () => {
  const table = new HandleTable({ capacity: 2 });
  assert.equal(table.hold(null), -8);
  assert.ok(table.hold({}) > 0);
  assert.ok(table.hold({}) > 0);
  assert.equal(table.hold({}), -7);
});

test('loosen and tighten change the hold and keep the handle', () => {
  const table = new HandleTable();
  const value = {};
  const h = table.hold(value);
  assert.equal(table.loosen(h), 'alive');
  assert.deepEqual(table.counts(), { live: 1, strong: 0, weak: 1, free: SLOTS - 1 });
  assert.equal(table.tighten(h), 'alive');
  assert.deepEqual(table.counts(), { live: 1, strong: 1, weak: 0, free: SLOTS - 1 });
  table.drop(h);
  assert.equal(table.loosen(h), 'dropped');
});

test('a weak object the GC collected says collected, and the notice comes in one batch', async () => {
  const batches = [];
  const table = new HandleTable({ onNotices: (batch) => batches.push(batch) });
  const kept = {};
  const strongHandle = table.hold({ strong: true });
  const keptHandle = table.hold(kept, true);
  const gone = [];
  (() => {
    for (let i = 0; i < 50; i++) gone.push(table.hold({ i }, true));
  })();

  await collect();
  for (let i = 0; i < 20 && batches.length === 0; i++) await collect();

  for (const h of gone) assert.equal(table.state(h), 'collected');
  assert.equal(table.state(strongHandle), 'alive');
  assert.equal(table.state(keptHandle), 'alive');
  assert.equal(batches.length, 1, 'one call for the whole batch');
  assert.deepEqual([...batches[0].collected].sort((a, b) => a - b), gone);
  assert.deepEqual(batches[0].detached, []);
  assert.ok(kept);
});

test('a handle dropped before its object is collected is never reported', async () => {
  const batches = [];
  const table = new HandleTable({ onNotices: (batch) => batches.push(batch) });
  const h = (() => table.hold({}, true))();
  table.drop(h);
  await collect();
  await collect();
  assert.deepEqual(batches, []);
});

test('a handle keeps its type tag: a different non-zero tag answers wrongtype and changes nothing', () => {
  const table = new HandleTable();
  const value = { v: 1 };
  const h = table.hold(value, false, 7);
  assert.deepEqual(table.deref(h, 7), { state: 'alive', value });
  assert.deepEqual(table.deref(h, 0), { state: 'alive', value });
  assert.deepEqual(table.deref(h), { state: 'alive', value });
  assert.deepEqual(table.deref(h, 8), { state: 'wrongtype' });
  assert.equal(table.state(h, 8), 'wrongtype');

  assert.equal(table.loosen(h, 8), 'wrongtype');
  assert.deepEqual(table.counts(), { live: 1, strong: 1, weak: 0, free: SLOTS - 1 });
  assert.equal(table.loosen(h, 7), 'alive');
  assert.deepEqual(table.counts(), { live: 1, strong: 0, weak: 1, free: SLOTS - 1 });
  assert.equal(table.tighten(h, 8), 'wrongtype');
  assert.deepEqual(table.counts(), { live: 1, strong: 0, weak: 1, free: SLOTS - 1 });
  assert.equal(table.tighten(h, 7), 'alive');
  assert.deepEqual(table.counts(), { live: 1, strong: 1, weak: 0, free: SLOTS - 1 });

  assert.equal(table.drop(h, 8), 'wrongtype');
  assert.deepEqual(table.dropMany([h, h], 8), ['wrongtype', 'wrongtype']);
  assert.equal(table.state(h), 'alive');
  assert.deepEqual(table.dropMany([h, h], 7), ['alive', 'dropped']);
  // A handle that is not current says so whatever tag is asked for: its tag is gone with it.
  assert.equal(table.state(h, 8), 'dropped');
  assert.equal(table.state(h + 5, 8), 'unknown');
});

test('an untagged hold matches only "any"; a tag that is not a safe integer is held as untagged', () => {
  const table = new HandleTable();
  const untagged = table.hold({});
  assert.equal(table.state(untagged, 0), 'alive');
  assert.equal(table.state(untagged, 5), 'wrongtype');
  for (const bad of [NaN, 1.5, '7', null, Infinity, 2 ** 53, {}]) {
    const h = table.hold({}, false, bad);
    assert.equal(table.state(h), 'alive', String(bad));
    assert.equal(table.state(h, 7), 'wrongtype', String(bad));
  }
  const negative = table.hold({}, false, -3);
  assert.equal(table.state(negative, -3), 'alive');
  assert.equal(table.state(negative, 3), 'wrongtype');
});

test('an expected tag that is not the same number never matches a tagged handle', () => {
  const table = new HandleTable();
  const h = table.hold({}, false, 7);
  for (const bad of [NaN, 7.5, '7', null, Infinity, {}, [7], true]) {
    assert.equal(table.state(h, bad), 'wrongtype', String(bad));
  }
  assert.equal(table.state(h, undefined), 'alive', 'undefined is the default: any');
  assert.equal(table.state(h, -0), 'alive', '-0 is 0: any');
});

test('a collected handle asked for with the wrong tag answers wrongtype', async () => {
  const table = new HandleTable();
  const h = (() => table.hold({}, true, 2))();
  for (let i = 0; i < 10 && table.state(h) !== 'collected'; i++) await collect();
  assert.equal(table.state(h, 2), 'collected');
  assert.equal(table.state(h, 3), 'wrongtype');
  assert.equal(table.drop(h, 3), 'wrongtype');
  assert.equal(table.drop(h, 2), 'collected');
});

test('a disposed table ends its handles and holds nothing more', () => {
  const table = new HandleTable();
  const h = table.hold({});
  table.dispose();
  assert.equal(table.state(h), 'dropped');
  assert.equal(table.hold({}), -10);
  assert.deepEqual(table.counts(), { live: 0, strong: 0, weak: 0, free: SLOTS });
  table.dispose(); // twice: a no-op
  assert.equal(table.hold({}), -10);
});

test('an unrendered ElementReference ({ __internalId: null }, never revived to an element) is refused with -11', () => {
  const table = new HandleTable();
  assert.equal(table.hold({ __internalId: null }), -11);
  assert.equal(table.hold({ __internalId: 'not revived either' }, true, 3), -11);
  assert.deepEqual(table.counts(), { live: 0, strong: 0, weak: 0, free: SLOTS });
  // Only an own property says so: an object that merely inherits the name is held.
  const h = table.hold(Object.create({ __internalId: null }));
  assert.equal(h, SLOTS + 0);
  assert.equal(table.state(h), 'alive');
});
