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

  // Each handle is re-armed on its own when its element comes back, and told again when it leaves.
  doc.body.appendChild(a);
  doc.body.appendChild(b);
  await settleDom(doc);
  a.remove();
  b.remove();
  await settleDom(doc);
  assert.deepEqual(batches, [
    { collected: [], detached: [a1, a2, b2] },
    { collected: [], detached: [a1, a2, b2] },
  ]);
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

test('a detach check costs the size of the mutation, not the number of held elements', async () => {
  const { doc, table, batches } = watched();
  const elements = [];
  const handles = [];
  for (let i = 0; i < 10_000; i++) {
    const el = doc.body.appendChild(new FakeNode(`e${i}`));
    elements.push(el);
    handles.push(table.hold(el));
  }
  await settleDom(doc); // the 10,000 insertions themselves: a big mutation, checked before counting
  assert.deepEqual(batches, []);

  // Unrelated: panel with children x and y is added (its subtree is panel and y once x leaves), x removed.
  const panel = new FakeNode('panel');
  const x = panel.appendChild(new FakeNode('x'));
  panel.appendChild(new FakeNode('y'));
  let reads = FakeNode.connectedReads;
  let visited = table.stats.visited;
  doc.body.appendChild(panel);
  panel.removeChild(x);
  await settleDom(doc);
  assert.equal(FakeNode.connectedReads - reads, 0, 'no held element was checked');
  assert.equal(table.stats.visited - visited, 3, 'panel, y, x');
  assert.deepEqual(batches, []);

  // One held element leaves: one node visited, one handle checked.
  reads = FakeNode.connectedReads;
  visited = table.stats.visited;
  // (Counted over the observer's callback alone: the send re-reads each notice's state, once.)
  elements[5000].remove();
  doc.deliver();
  assert.equal(FakeNode.connectedReads - reads, 1);
  assert.equal(table.stats.visited - visited, 1);
  await tick();
  assert.deepEqual(batches, [{ collected: [], detached: [handles[5000]] }]);

  // A removed subtree of five nodes holding two held elements: five visited, two checked.
  const box = doc.body.appendChild(new FakeNode('box'));
  const inner = box.appendChild(new FakeNode('inner'));
  box.appendChild(elements[1]);
  inner.appendChild(elements[2]);
  inner.appendChild(new FakeNode('plain'));
  await settleDom(doc);
  batches.length = 0;
  reads = FakeNode.connectedReads;
  visited = table.stats.visited;
  box.remove();
  doc.deliver();
  assert.equal(FakeNode.connectedReads - reads, 2);
  assert.equal(table.stats.visited - visited, 5);
  await tick();
  // Document order: box, inner, elements[2], plain, elements[1].
  assert.deepEqual(batches, [{ collected: [], detached: [handles[2], handles[1]] }]);
});

test('with no element held, a mutation costs nothing', async () => {
  const { doc, table } = watched();
  const el = doc.body.appendChild(new FakeNode('div'));
  const h = table.hold(el);
  table.hold({ plain: true });
  assert.equal(table.drop(h), 'alive');
  const visited = table.stats.visited;
  const reads = FakeNode.connectedReads;
  el.remove();
  doc.body.appendChild(new FakeNode('other'));
  await settleDom(doc);
  assert.equal(table.stats.visited - visited, 0);
  assert.equal(FakeNode.connectedReads - reads, 0);
});

test('a dropped element is no longer checked, and its slot\'s next element is', async () => {
  const { doc, table, batches } = watched();
  const first = doc.body.appendChild(new FakeNode('first'));
  const second = doc.body.appendChild(new FakeNode('second'));
  const keep = doc.body.appendChild(new FakeNode('keep'));
  await settleDom(doc); // the three insertions: checked before counting
  table.hold(keep); // so the observer has something to look for
  const h1 = table.hold(first);
  assert.equal(table.drop(h1), 'alive');
  const h2 = table.hold(second);
  assert.equal(h2, h1 + SLOTS, 'the same slot, one generation on');
  const reads = FakeNode.connectedReads;
  first.remove();
  await settleDom(doc);
  assert.equal(FakeNode.connectedReads - reads, 0, 'the dropped handle left the map');
  assert.deepEqual(batches, []);
  second.remove();
  await settleDom(doc);
  assert.deepEqual(batches, [{ collected: [], detached: [h2] }]);
});

test('loosen and tighten keep an element watched', async () => {
  const { doc, table, batches } = watched();
  const a = doc.body.appendChild(new FakeNode('a'));
  const b = doc.body.appendChild(new FakeNode('b'));
  const ha = table.hold(a);
  const hb = table.hold(b, true);
  assert.equal(table.loosen(ha), 'alive');
  assert.equal(table.tighten(hb), 'alive');
  a.remove();
  b.remove();
  await settleDom(doc);
  assert.deepEqual(batches, [{ collected: [], detached: [ha, hb] }]);
  assert.deepEqual(table.counts(), { live: 2, strong: 1, weak: 1, free: SLOTS - 2 });
});

test('a weakly held element the page let go of is still collected (watching it does not root it)', async () => {
  const { doc, table } = watched();
  const h = (() => {
    const el = doc.body.appendChild(new FakeNode('gone'));
    const handle = table.hold(el, true);
    el.remove();
    return handle;
  })();
  await settleDom(doc);
  for (let i = 0; i < 5 && table.state(h) !== 'collected'; i++) {
    await tick();
    globalThis.gc();
  }
  assert.equal(table.state(h), 'collected');
});

test('dispose disconnects the observer', () => {
  const { doc, table } = watched();
  table.hold(doc.body.appendChild(new FakeNode('a')));
  assert.equal(doc.observers.length, 1);
  table.dispose();
  assert.equal(doc.observers.length, 0);
});

test('hostile values never make a table throw: a proxy whose traps throw, a proxy of an element', () => {
  const { doc, table } = watched();
  const traps = new Proxy({}, {
    getPrototypeOf() { throw new Error('trap'); },
    getOwnPropertyDescriptor() { throw new Error('trap'); },
  });
  const h1 = table.hold(traps, false, 1);
  assert.equal(h1, SLOTS + 0);
  assert.equal(table.state(h1, 1), 'alive');
  // A proxy passes instanceof Node, but a DOM getter called on it throws ("Illegal invocation"; here the
  // private-field check of FakeNode does). It is held as a plain object: 'alive', never watched.
  const el = doc.body.appendChild(new FakeNode('el'));
  const h2 = table.hold(new Proxy(el, {}), true, 1);
  assert.equal(h2, SLOTS + 1);
  el.remove();
  doc.deliver();
  assert.equal(table.state(h2, 1), 'alive');
  assert.equal(table.loosen(h2, 1), 'alive');
  assert.equal(table.tighten(h2, 1), 'alive');
  assert.equal(table.drop(h2, 1), 'alive');
  assert.equal(table.drop(h1, 1), 'alive');
});
