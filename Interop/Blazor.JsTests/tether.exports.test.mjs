// The entry points .NET calls (Microsoft.JSInterop): their signatures and answers, for any input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tether from '../Blazor/wwwroot/tether.js';
import { FakeDotNet } from './fakes.mjs';

test('every entry point that takes a handle takes an expected type tag', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const value = { n: 1, greet(x) { return `hi ${x}`; } };
  const h = tether.hold(id, value, false, 4);
  assert.equal(tether.state(id, h, 4), 'alive');
  assert.equal(tether.state(id, h, 0), 'alive');
  assert.equal(tether.state(id, h, 5), 'wrongtype');
  assert.deepEqual(tether.getProperty(id, h, 4, 'n'), { state: 'alive', value: 1 });
  assert.deepEqual(tether.getProperty(id, h, 5, 'n'), { state: 'wrongtype' });
  assert.deepEqual(await tether.invoke(id, h, 4, 'greet', ['x'], true), { state: 'alive', value: 'hi x' });
  assert.deepEqual(await tether.invoke(id, h, 5, 'greet', ['x'], true), { state: 'wrongtype' });

  assert.equal(tether.loosen(id, h, 5), 'wrongtype');
  assert.deepEqual(tether.counts(id), { live: 1, strong: 1, weak: 0, free: 2 ** 20 - 1 });
  assert.equal(tether.loosen(id, h, 4), 'alive');
  assert.deepEqual(tether.counts(id), { live: 1, strong: 0, weak: 1, free: 2 ** 20 - 1 });
  assert.equal(tether.tighten(id, h, 5), 'wrongtype');
  assert.equal(tether.tighten(id, h, 4), 'alive');
  assert.deepEqual(tether.counts(id), { live: 1, strong: 1, weak: 0, free: 2 ** 20 - 1 });

  assert.deepEqual(tether.dropMany(id, [h], 5), ['wrongtype']);
  assert.equal(tether.state(id, h, 4), 'alive');
  assert.deepEqual(tether.dropMany(id, [h, h], 4), ['alive', 'dropped']);
  tether.disposeTable(id);
});

test('an unknown or disposed table id answers as disposed from every entry point, and never throws', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const h = tether.hold(id, {}, false, 0);
  assert.ok(h > 0);
  tether.disposeTable(id);
  assert.equal(tether.disposeTable(id), undefined, 'twice is a no-op');
  for (const bad of [id, 0, -1, 999_999, NaN, Infinity, '1', String(id), null, undefined, {}, [id], 1.5]) {
    const label = String(bad);
    assert.equal(tether.hold(bad, {}, false, 0), -10, label);
    assert.equal(tether.state(bad, h, 0), 'disposed', label);
    assert.deepEqual(tether.dropMany(bad, [h, 5, 'x'], 0), ['disposed', 'disposed', 'disposed'], label);
    assert.deepEqual(tether.dropMany(bad, null, 0), [], label);
    assert.equal(tether.loosen(bad, h, 0), 'disposed', label);
    assert.equal(tether.tighten(bad, h, 0), 'disposed', label);
    assert.deepEqual(tether.getProperty(bad, h, 0, 'x'), { state: 'disposed' }, label);
    assert.deepEqual(await tether.invoke(bad, h, 0, 'x', [], true), { state: 'disposed' }, label);
    assert.deepEqual(tether.counts(bad), { live: 0, strong: 0, weak: 0, free: 0 }, label);
    assert.equal(tether.disposeTable(bad), undefined, label);
  }
});

test('hold of an unrendered ElementReference answers -11 and holds nothing', () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  assert.equal(tether.hold(id, { __internalId: null }, false, 2), -11);
  assert.deepEqual(tether.counts(id), { live: 0, strong: 0, weak: 0, free: 2 ** 20 });
  tether.disposeTable(id);
});

test('invoke without wantValue runs the method and answers { state: "alive" } with no value at all', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const circular = {};
  circular.self = circular;
  const target = {
    n: 0,
    bump() { this.n += 1; return this; }, // fluent: its result is the (unserialisable) target itself
    loop() { return circular; },
    async later() { await null; this.n += 10; },
    async fail() { await null; throw new Error('boom'); },
  };
  const h = tether.hold(id, target, false, 1);
  for (const wantValue of [false, undefined, 'yes', 1, null]) {
    const answer = await tether.invoke(id, h, 1, 'bump', [], wantValue);
    assert.deepEqual(answer, { state: 'alive' }, String(wantValue));
    assert.equal(Object.hasOwn(answer, 'value'), false, String(wantValue));
  }
  assert.equal(target.n, 5);
  assert.deepEqual(await tether.invoke(id, h, 1, 'loop', [], false), { state: 'alive' });
  assert.deepEqual(await tether.invoke(id, h, 1, 'later', [], false), { state: 'alive' });
  assert.equal(target.n, 15, 'an async method is awaited before the answer');
  assert.deepEqual(await tether.invoke(id, h, 1, 'fail', [], false), { state: 'error', message: 'boom' });
  assert.deepEqual(await tether.invoke(id, h, 1, 'missing', [], false), { state: 'error', message: 'missing is not a function' });
  tether.disposeTable(id);
});

test('invoke with wantValue answers the value, and an undefined result as null, explicitly', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const h = tether.hold(id, { five() { return 5; }, nothing() {}, async later() { return 'done'; } }, false, 1);
  assert.deepEqual(await tether.invoke(id, h, 1, 'five', [], true), { state: 'alive', value: 5 });
  const nothing = await tether.invoke(id, h, 1, 'nothing', [], true);
  assert.deepEqual(nothing, { state: 'alive', value: null });
  assert.equal(Object.hasOwn(nothing, 'value'), true);
  assert.deepEqual(await tether.invoke(id, h, 1, 'later', [], true), { state: 'alive', value: 'done' });
  tether.disposeTable(id);
});

test('an error that cannot even describe itself is still answered, never thrown', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const custom = { get message() { throw new Error('no'); }, toString() { return 'custom'; } };
  const mute = Object.create(null, { message: { get() { throw new Error('no'); } } });
  const target = {
    custom() { throw custom; },
    mute() { throw mute; },
    get broken() { throw mute; },
  };
  const h = tether.hold(id, target, false, 1);
  assert.deepEqual(await tether.invoke(id, h, 1, 'custom', [], true), { state: 'error', message: 'custom' });
  assert.deepEqual(await tether.invoke(id, h, 1, 'mute', [], false), { state: 'error', message: 'an error that cannot be described' });
  assert.deepEqual(tether.getProperty(id, h, 1, 'broken'), { state: 'error', message: 'an error that cannot be described' });
  assert.deepEqual(await tether.callDotNet({ invokeMethodAsync() { throw mute; } }, 1, 'm'), { state: 'error', message: 'an error that cannot be described' });
  tether.disposeTable(id);
});

const STATES = ['alive', 'collected', 'detached', 'dropped', 'unknown', 'wrongtype', 'disposed'];

test('no entry point throws or rejects, whatever it is given, and every answer has its documented shape', async () => {
  const live = tether.createTable(new FakeDotNet(), false, 'token');
  const target = { f() { return 1; }, p: 2 };
  const held = tether.hold(live, target, false, 1);
  const disposed = tether.createTable(new FakeDotNet(), false, 'token');
  tether.disposeTable(disposed);
  const ids = fc.oneof(fc.constantFrom(live, disposed), fc.anything(), fc.double());
  const handle = fc.oneof(fc.constantFrom(held, held + 1, -held, held + 2 ** 20), fc.anything(), fc.double(), fc.integer());
  const handles = fc.oneof(fc.array(handle), fc.anything());
  const tag = fc.oneof(fc.constantFrom(0, 1, 2), fc.anything(), fc.double());
  const call = fc.oneof(
    fc.tuple(fc.constant('hold'), ids, fc.anything(), fc.anything(), tag),
    fc.tuple(fc.constant('state'), ids, handle, tag),
    fc.tuple(fc.constant('dropMany'), ids, handles, tag),
    fc.tuple(fc.constant('loosen'), ids, handle, tag),
    fc.tuple(fc.constant('tighten'), ids, handle, tag),
    fc.tuple(fc.constant('getProperty'), ids, handle, tag, fc.oneof(fc.constantFrom('p', 'f', 'missing'), fc.anything())),
    fc.tuple(fc.constant('invoke'), ids, handle, tag, fc.oneof(fc.constantFrom('f', 'p', 'missing'), fc.anything()), fc.anything(), fc.anything()),
    fc.tuple(fc.constant('counts'), ids),
    fc.tuple(fc.constant('typeOf'), ids, handle),
    fc.tuple(fc.constant('createTable'), fc.anything(), fc.anything(), fc.anything(), fc.anything()),
    fc.tuple(fc.constant('callDotNet'), fc.anything(), handle, fc.anything(), fc.anything()),
  );
  const isState = (s) => STATES.includes(s);
  await fc.assert(
    fc.asyncProperty(call, async ([name, ...args]) => {
      const answer = await tether[name](...args);
      switch (name) {
        case 'hold':
          assert.ok((Number.isSafeInteger(answer) && answer > 0) || [-7, -8, -10, -11].includes(answer), String(answer));
          break;
        case 'state':
        case 'loosen':
        case 'tighten':
          assert.ok(isState(answer), String(answer));
          break;
        case 'dropMany':
          assert.ok(Array.isArray(answer) && answer.every(isState));
          assert.equal(answer.length, Array.isArray(args[1]) ? args[1].length : 0);
          break;
        case 'getProperty':
        case 'invoke':
          assert.ok(isState(answer.state) || (answer.state === 'error' && typeof answer.message === 'string'), answer.state);
          break;
        case 'typeOf':
          assert.ok(Number.isSafeInteger(answer), String(answer));
          break;
        case 'counts':
          assert.deepEqual(Object.keys(answer), ['live', 'strong', 'weak', 'free']);
          break;
        case 'createTable':
          assert.ok(Number.isSafeInteger(answer) && answer > 0);
          tether.disposeTable(answer);
          break;
      }
    }),
    { numRuns: 2000 },
  );
  tether.disposeTable(live);
});

test('typeOf answers the tag a current handle was held with, and 0 for anything else', () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const tagged = tether.hold(id, {}, false, 6);
  const untagged = tether.hold(id, {}, true, 0);
  assert.equal(tether.typeOf(id, tagged), 6);
  assert.equal(tether.typeOf(id, untagged), 0);
  assert.deepEqual(tether.dropMany(id, [tagged], 6), ['alive']);
  for (const other of [tagged, tagged + 2 ** 20, 0, -1, NaN, '6', null, {}]) assert.equal(tether.typeOf(id, other), 0, String(other));
  tether.disposeTable(id);
  assert.equal(tether.typeOf(id, untagged), 0);
  assert.equal(tether.typeOf({}, untagged), 0);
});

test('disposeTableByToken disposes the table made with that token, and only it; unknown tokens are a no-op', () => {
  const mine = tether.createTable(new FakeDotNet(), false, 'token-mine');
  const theirs = tether.createTable(new FakeDotNet(), false, 'token-theirs');
  const held = tether.hold(mine, {}, false, 0);
  const kept = tether.hold(theirs, {}, false, 0);

  tether.disposeTableByToken('token-mine');
  tether.disposeTableByToken('no such token');
  tether.disposeTableByToken(undefined);

  assert.equal(tether.state(mine, held, 0), 'disposed');
  assert.equal(tether.state(theirs, kept, 0), 'alive');
  tether.disposeTable(theirs);
});

test('callDotNet calls CallExposed and answers the JSON text .NET sends as the object it describes; any other answer is an error', async () => {
  const calls = [];
  const dotnet = (answer) => ({ invokeMethodAsync(...args) { calls.push(args); return Promise.resolve(answer); } });
  assert.deepEqual(await tether.callDotNet(dotnet('{"state":"alive","value":"hi","message":null}'), 5, 'Greet', 'you'), { state: 'alive', value: 'hi', message: null });
  assert.deepEqual(calls[0], ['CallExposed', 5, 'Greet', ['you']]);
  assert.deepEqual(await tether.callDotNet(dotnet('{"state":"unknown","value":null,"message":"gone"}'), 6, 'Greet'), { state: 'unknown', value: null, message: 'gone' });
  assert.deepEqual(await tether.callDotNet(dotnet({ state: 'alive' }), 6, 'Greet'), { state: 'error', message: 'callDotNet: .NET answered no JSON envelope' });
  assert.deepEqual(await tether.callDotNet(dotnet('not json'), 6, 'Greet'), { state: 'error', message: 'callDotNet: .NET answered no JSON envelope' });
  assert.deepEqual(await tether.callDotNet(dotnet('null'), 6, 'Greet'), { state: 'error', message: 'callDotNet: .NET answered no JSON envelope' });
});
