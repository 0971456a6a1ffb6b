// Model-based test of tether.js: arbitrary sequences of hold (objects and elements, strong or weak,
// with type tags), drop, loosen, tighten and deref (each asked with the right tag, a wrong one, or
// "any"), forged handles, unrooting, detaching and re-attaching elements, and a real GC, checked
// against a pure model after every command: every answer, and how many 'detached' notices each handle
// has had. Elements live in a fake DOM (fakes.mjs); the table's timers run on a manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HandleTable } from '../Blazor/wwwroot/tether.js';
import { FakeClock, FakeNode, installFakeDom } from './fakes.mjs';

const SLOTS = 2 ** 20;

/**
 * @typedef {{ handle: number, hold: 'strong' | 'weak', status: 'live' | 'gone' | 'ended', rooted: boolean,
 *   type: number, element: boolean, connected: boolean, notices: number }} Entry
 */

/** The model: per handle, its hold, tag, whether the test still roots its object, and its notices. */
class Model {
  constructor() {
    /** @type {Entry[]} */
    this.entries = [];
    this.generations = [];
    this.free = [];
  }
  expectedState(i) {
    const e = this.entries[i];
    if (e.status === 'ended') return 'dropped';
    if (e.status === 'gone') return 'collected';
    return e.element && !e.connected ? 'detached' : 'alive';
  }
  /** Element entries the test can still reach, to move them in and out of the document. */
  reachableElements() {
    return this.entries.map((e, i) => (e.element && e.rooted ? i : -1)).filter((i) => i >= 0);
  }
}

class Real {
  constructor() {
    this.doc = installFakeDom();
    this.clock = new FakeClock();
    /** detached notices received, by handle */
    this.notices = new Map();
    this.table = new HandleTable({
      timers: this.clock,
      onNotices: (batch) => {
        for (const h of batch.detached) this.notices.set(h, (this.notices.get(h) ?? 0) + 1);
      },
    });
    this.table.watchDetached(this.doc);
    /** objects the test roots, by entry index */
    this.roots = new Map();
  }
  /** What the browser does next: the observer gets its batch, then the turn's notices go out. */
  settle() {
    this.doc.deliver();
    this.clock.advance(0);
  }
}

/** After every command: each handle has had exactly the detached notices the model expects. */
function checkNotices(m, r) {
  r.settle();
  for (let i = 0; i < m.entries.length; i++) {
    const e = m.entries[i];
    assert.equal(r.notices.get(e.handle) ?? 0, e.notices, `detached notices of entry ${i}`);
  }
}

class Hold {
  constructor(weak, rooted, type, element) { Object.assign(this, { weak, rooted, type, element }); }
  check() { return true; }
  run(m, r) {
    const slot = m.free.length > 0 ? m.free.pop() : m.generations.length;
    if (slot === m.generations.length) m.generations.push(0);
    m.generations[slot] += 1;
    const expected = m.generations[slot] * SLOTS + slot;
    const index = m.entries.length;
    const value = this.element ? r.doc.body.appendChild(new FakeNode(`e${index}`)) : {};
    value.index = index;
    if (this.rooted) r.roots.set(index, value);
    const handle = r.table.hold(value, this.weak, this.type);
    assert.equal(handle, expected);
    m.entries.push({
      handle, hold: this.weak ? 'weak' : 'strong', status: 'live', rooted: this.rooted,
      type: this.type, element: this.element, connected: this.element, notices: 0,
    });
    checkNotices(m, r);
  }
  toString() {
    return `hold(${this.element ? 'element' : 'object'}, ${this.weak ? 'weak' : 'strong'}, tag ${this.type}${this.rooted ? ', rooted' : ''})`;
  }
}

/** The tag an operation asks with: the entry's own, one it does not have, or 0 (any). */
function tagFor(e, choice) {
  return choice === 'right' ? e.type : choice === 'wrong' ? e.type + 1 : 0;
}

class OnEntry {
  constructor(kind, pick, tag) { Object.assign(this, { kind, pick, tag }); }
  check(m) { return m.entries.length > 0; }
  run(m, r) {
    const i = this.pick % m.entries.length;
    const e = m.entries[i];
    const type = tagFor(e, this.tag);
    const current = e.status !== 'ended';
    // A current handle asked for with a tag it does not have answers 'wrongtype', and nothing happens.
    const refused = current && this.tag === 'wrong';
    const before = refused ? 'wrongtype' : m.expectedState(i);
    const acts = current && !refused;
    switch (this.kind) {
      case 'deref': {
        const d = r.table.deref(e.handle, type);
        assert.equal(d.state, before);
        if (before === 'alive' || before === 'detached') assert.equal(d.value.index, i);
        else assert.equal(Object.hasOwn(d, 'value'), false);
        break;
      }
      case 'drop':
        assert.equal(r.table.drop(e.handle, type), before);
        if (acts) {
          e.status = 'ended';
          m.free.push(e.handle % SLOTS);
        }
        break;
      case 'loosen':
        assert.equal(r.table.loosen(e.handle, type), before);
        if (acts && e.status === 'live') e.hold = 'weak';
        break;
      case 'tighten':
        assert.equal(r.table.tighten(e.handle, type), before);
        if (acts && e.status === 'live') e.hold = 'strong';
        break;
      case 'unroot':
        e.rooted = false;
        r.roots.delete(i);
        break;
    }
    checkNotices(m, r);
  }
  toString() { return `${this.kind}(#${this.pick}, ${this.tag} tag)`; }
}

/** Takes a reachable element out of the document, or puts it (back) in; moving it is a re-attach. */
class Move {
  constructor(attach, pick) { Object.assign(this, { attach, pick }); }
  check(m) { return m.reachableElements().length > 0; }
  run(m, r) {
    const reachable = m.reachableElements();
    const i = reachable[this.pick % reachable.length];
    const e = m.entries[i];
    const el = r.roots.get(i);
    if (this.attach) {
      r.doc.body.appendChild(el);
      e.connected = true;
    } else if (e.connected) {
      el.remove();
      e.connected = false;
      // Every departure of a current, living element is told once, however often it came and went.
      if (e.status === 'live') e.notices += 1;
    }
    checkNotices(m, r);
  }
  toString() { return `${this.attach ? 'attach' : 'detach'}(#${this.pick})`; }
}

class Forge {
  constructor(value) { this.value = value; }
  check() { return true; }
  run(m, r) {
    const known = m.entries.find((e) => e.handle === this.value);
    const state = r.table.state(this.value);
    if (!known) assert.ok(state === 'unknown' || state === 'dropped', `forged ${this.value} said ${state}`);
  }
  toString() { return `forge(${this.value})`; }
}

class Collect {
  check() { return true; }
  async run(m, r) {
    // A WeakRef's target is kept alive until the job that last touched it ends: a new task first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    globalThis.gc();
    // Unreachable now: weakly held, unrooted, and (for an element) out of the document.
    for (const e of m.entries) {
      if (e.status === 'live' && e.hold === 'weak' && !e.rooted && !(e.element && e.connected)) e.status = 'gone';
    }
    for (let i = 0; i < m.entries.length; i++) assert.equal(r.table.state(m.entries[i].handle), m.expectedState(i), `entry ${i}`);
    checkNotices(m, r);
  }
  toString() { return 'gc()'; }
}

const hold = fc.tuple(fc.boolean(), fc.boolean(), fc.constantFrom(0, 1, 2, 3), fc.boolean())
  .map(([weak, rooted, type, element]) => new Hold(weak, rooted, type, element));
const onEntry = fc.tuple(fc.constantFrom('deref', 'drop', 'loosen', 'tighten', 'unroot'), fc.nat(), fc.constantFrom('right', 'wrong', 'any'))
  .map(([k, p, t]) => new OnEntry(k, p, t));
// Small picks: the same element leaves, comes back and leaves again often.
const move = fc.tuple(fc.boolean(), fc.nat({ max: 3 })).map(([attach, p]) => new Move(attach, p));
const forge = fc.oneof(fc.integer(), fc.nat({ max: 8 * SLOTS }), fc.double()).map((v) => new Forge(v));
// Each command is picked from this list with equal chance: a real GC is the slow one, so it is listed once.
const commands = [hold, hold, onEntry, onEntry, onEntry, move, move, move, forge, fc.constant(new Collect())];

test('tether.js behaves as the model over arbitrary command sequences', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'medium' }), async (cmds) => {
      // Strong holds whose object the test unrooted stay alive in the table, so only weak ones die.
      await fc.asyncModelRun(() => ({ model: new Model(), real: new Real() }), cmds);
    }),
    { numRuns: 150 },
  );
});
