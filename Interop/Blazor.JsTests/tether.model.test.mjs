// Model-based test of tether.js: arbitrary sequences of hold, drop, loosen, tighten, deref, forge,
// unroot and a real GC, checked against a pure model after every command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HandleTable } from '../Blazor/wwwroot/tether.js';

const SLOTS = 2 ** 20;

/** The model: per handle, its hold and whether the test still roots its object. */
class Model {
  constructor() {
    /** @type {{ handle: number, hold: 'strong' | 'weak', status: 'live' | 'gone' | 'ended', rooted: boolean }[]} */
    this.entries = [];
    this.generations = [];
    this.free = [];
  }
  expectedState(i) {
    const e = this.entries[i];
    return e.status === 'live' ? 'alive' : e.status === 'gone' ? 'collected' : 'dropped';
  }
}

class Real {
  constructor() {
    this.table = new HandleTable();
    /** objects the test roots, by entry index */
    this.roots = new Map();
  }
}

class Hold {
  constructor(weak, rooted) { this.weak = weak; this.rooted = rooted; }
  check() { return true; }
  run(m, r) {
    const slot = m.free.length > 0 ? m.free.pop() : m.generations.length;
    if (slot === m.generations.length) m.generations.push(0);
    m.generations[slot] += 1;
    const expected = m.generations[slot] * SLOTS + slot;
    const index = m.entries.length;
    const handle = makeAndHold(r, index, this.weak, this.rooted);
    assert.equal(handle, expected);
    m.entries.push({ handle, hold: this.weak ? 'weak' : 'strong', status: 'live', rooted: this.rooted });
  }
  toString() { return `hold(${this.weak ? 'weak' : 'strong'}${this.rooted ? ', rooted' : ''})`; }
}

function makeAndHold(r, index, weak, rooted) {
  const value = { index };
  if (rooted) r.roots.set(index, value);
  return r.table.hold(value, weak);
}

class OnEntry {
  constructor(kind, pick) { this.kind = kind; this.pick = pick; }
  check(m) { return m.entries.length > 0; }
  run(m, r) {
    const i = this.pick % m.entries.length;
    const e = m.entries[i];
    const before = m.expectedState(i);
    switch (this.kind) {
      case 'deref': {
        const d = r.table.deref(e.handle);
        assert.equal(d.state, before);
        if (before === 'alive') assert.equal(d.value.index, i);
        break;
      }
      case 'drop':
        assert.equal(r.table.drop(e.handle), before);
        if (e.status !== 'ended') {
          e.status = 'ended';
          m.free.push(e.handle % SLOTS);
        }
        break;
      case 'loosen':
        assert.equal(r.table.loosen(e.handle), before);
        if (e.status === 'live') e.hold = 'weak';
        break;
      case 'tighten':
        assert.equal(r.table.tighten(e.handle), before);
        if (e.status === 'live') e.hold = 'strong';
        break;
      case 'unroot':
        e.rooted = false;
        r.roots.delete(i);
        break;
    }
  }
  toString() { return `${this.kind}(#${this.pick})`; }
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
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      globalThis.gc();
    }
    for (const e of m.entries) {
      if (e.status === 'live' && e.hold === 'weak' && !e.rooted) e.status = 'gone';
    }
    for (let i = 0; i < m.entries.length; i++) assert.equal(r.table.state(m.entries[i].handle), m.expectedState(i), `entry ${i}`);
  }
  toString() { return 'gc()'; }
}

const commands = [
  fc.tuple(fc.boolean(), fc.boolean()).map(([weak, rooted]) => new Hold(weak, rooted)),
  fc.tuple(fc.constantFrom('deref', 'drop', 'loosen', 'tighten', 'unroot'), fc.nat()).map(([k, p]) => new OnEntry(k, p)),
  fc.oneof(fc.integer(), fc.nat({ max: 8 * SLOTS }), fc.double()).map((v) => new Forge(v)),
  fc.constant(new Collect()),
];

test('tether.js behaves as the model over arbitrary command sequences', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 60 }), async (cmds) => {
      // Strong holds whose object the test unrooted stay alive in the table, so only weak ones die.
      await fc.asyncModelRun(() => ({ model: new Model(), real: new Real() }), cmds);
    }),
    { numRuns: 150 },
  );
});
