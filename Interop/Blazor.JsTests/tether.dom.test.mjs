// tether.js against a fake DOM (fakes.mjs) installed on globalThis: detach notices, their re-arming,
// and the cost of a detach check. Each test file runs in its own process, so the globals stay here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HandleTable } from '../Blazor/wwwroot/tether.js';
import { FakeNode, installFakeDom } from './fakes.mjs';

const SLOTS = 2 ** 20;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A table watching a fresh fake document; batches collects every notice batch. */
function watched(options = {}) {
  const doc = installFakeDom();
  const batches = [];
  const table = new HandleTable({ onNotices: (batch) => batches.push(batch), ...options });
  table.watchDetached(doc);
  return { doc, table, batches };
}

/** Runs the observer on what happened, then lets the notice flush (one turn later) go out. */
async function settleDom(doc) {
  doc.deliver();
  await tick();
}

test('one element held twice has two handles, each with its own hold, drop and detach notice', async () => {
  const { doc, table, batches } = watched();
  const a = doc.body.appendChild(new FakeNode('a'));
  const b = doc.body.appendChild(new FakeNode('b'));
  const a1 = table.hold(a);
  const a2 = table.hold(a, true);
  const b1 = table.hold(b);
  const b2 = table.hold(b);
  assert.deepEqual([a1, a2, b1, b2], [SLOTS + 0, SLOTS + 1, SLOTS + 2, SLOTS + 3]);
  assert.deepEqual(table.counts(), { live: 4, strong: 3, weak: 1, free: SLOTS - 4 });

  assert.equal(table.drop(b1), 'alive');
  assert.equal(table.state(b1), 'dropped');
  assert.deepEqual(table.deref(b2), { state: 'alive', value: b });

  a.remove();
  b.remove();
  await settleDom(doc);
  assert.deepEqual(batches, [{ collected: [], detached: [a1, a2, b2] }]);
  assert.deepEqual(table.deref(a2), { state: 'detached', value: a });
  assert.deepEqual(table.deref(b2), { state: 'detached', value: b });
  assert.equal(table.state(b1), 'dropped');
});

test('an element that came back (seen by the observer) and left again sends a second detached notice', async () => {
  const { doc, table, batches } = watched();
  const el = doc.body.appendChild(new FakeNode('div'));
  const h = table.hold(el);
  el.remove();
  await settleDom(doc);
  doc.body.appendChild(el); // no deref in between: only the observer sees it come back
  await settleDom(doc);
  el.remove();
  await settleDom(doc);
  assert.deepEqual(batches, [
    { collected: [], detached: [h] },
    { collected: [], detached: [h] },
  ]);
  assert.equal(table.state(h), 'detached');
});

test('an element that a deref found connected again sends a second detached notice', async () => {
  const { doc, table, batches } = watched();
  const el = doc.body.appendChild(new FakeNode('div'));
  const h = table.hold(el);
  el.remove();
  await settleDom(doc);
  doc.body.appendChild(el);
  doc.observers[0].queue.length = 0; // the observer never sees it come back: only the deref below does
  assert.deepEqual(table.deref(h), { state: 'alive', value: el });
  el.remove();
  await settleDom(doc);
  assert.deepEqual(batches, [
    { collected: [], detached: [h] },
    { collected: [], detached: [h] },
  ]);
});

test('an element removed and put back in one batch sends no notice', async () => {
  const { doc, table, batches } = watched();
  const box = doc.body.appendChild(new FakeNode('box'));
  const el = box.appendChild(new FakeNode('div'));
  const h = table.hold(el);
  box.remove();
  doc.body.appendChild(box);
  doc.body.appendChild(el); // a move: removed from box, added to body, in the same batch
  await settleDom(doc);
  assert.deepEqual(batches, []);
  assert.equal(table.state(h), 'alive');
});
