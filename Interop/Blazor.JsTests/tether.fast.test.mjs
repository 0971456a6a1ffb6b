// Handles as arguments and results (markers, invokeAndHold, setProperty) and the [JSImport] fast path's
// flat exports: numeric answers, sentinels with lastCode/lastMessage, promises as tickets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tether from '../Blazor/wwwroot/tether.js';
import { FakeDotNet } from './fakes.mjs';

const ALIVE = 1, DROPPED = 2, WRONGTYPE = 5, DISPOSED = 6, ERROR = 7, NOVALUE = 8, KIND = 9, PENDING = 10;
// The brand .NET gives createTable (16 random bytes as hex); a marker revives only with its own table's brand.
const BRAND = '8F3A0C51D2E94B7A6C1F0E3D5B2A9C47';
const marker = (handle, type) => ({ __tetherHandle: handle, __tetherType: type, __tetherBrand: BRAND });

function setup() {
  const id = tether.createTable(new FakeDotNet(), false, 'token', BRAND);
  const received = [];
  const canvas = {
    width: 300,
    title: 'chart',
    on: true,
    size: { w: 300, h: 150 },
    nothing: null,
    take(...args) { received.push(args); return args.length; },
    getContext(kind) { return kind === '2d' ? { kind, fillRect() { return 7; } } : null; },
    later(x) { return Promise.resolve(x * 2); },
    fails() { return Promise.reject(new Error('no')); },
    throws() { throw new Error('boom'); },
    nan() { return NaN; },
    text() { return 'hello'; },
    big() { return 10n; },
  };
  const other = { name: 'other' };
  const canvasHandle = tether.hold(id, canvas, false, 1);
  const otherHandle = tether.hold(id, other, false, 2);
  return { id, canvas, other, canvasHandle, otherHandle, received };
}

test('a marker among invoke arguments reaches the method as the object it holds, checked against its tag', async () => {
  const { id, canvasHandle, otherHandle, other, received } = setup();
  assert.deepEqual(await tether.invoke(id, canvasHandle, 1, 'take', [1, marker(otherHandle, 2), 'x'], true), { state: 'alive', value: 3 });
  assert.equal(received[0][1], other);
  assert.deepEqual(tether.invokeSync(id, canvasHandle, 1, 'take', [marker(otherHandle, 0)], true), { state: 'alive', value: 1 });
  assert.equal(received[1][0], other, 'tag 0 takes any type');
  tether.disposeTable(id);
});

test('a marker of another type, a dropped or a forged handle answers which argument, and calls nothing', async () => {
  const { id, canvasHandle, otherHandle, received } = setup();
  assert.deepEqual(await tether.invoke(id, canvasHandle, 1, 'take', [1, marker(otherHandle, 3)], true), { state: 'error', message: 'argument 2 is held as another type' });
  assert.deepEqual(tether.dropMany(id, [otherHandle], 2), ['alive']);
  assert.deepEqual(await tether.invoke(id, canvasHandle, 1, 'take', [marker(otherHandle, 2)], false), { state: 'error', message: 'argument 1 is dropped' });
  assert.deepEqual(tether.invokeSync(id, canvasHandle, 1, 'take', [0, 0, marker(12345, 0)], true), { state: 'error', message: 'argument 3 is unknown' });
  assert.deepEqual(received, []);
  tether.disposeTable(id);
});

test('an object that only looks like a marker (inherited, or a throwing Proxy) is passed as it is', async () => {
  const { id, canvasHandle, otherHandle, received } = setup();
  const inherited = Object.create({ __tetherHandle: otherHandle });
  const hostile = new Proxy({}, { getOwnPropertyDescriptor() { throw new Error('trap'); } });
  assert.deepEqual(tether.invokeSync(id, canvasHandle, 1, 'take', [inherited, hostile], true), { state: 'alive', value: 2 });
  assert.equal(received[0][0], inherited);
  assert.equal(received[0][1], hostile);
  tether.disposeTable(id);
});

test('invokeAndHold holds the result in the same table with the result tag; no result holds nothing', async () => {
  const { id, canvasHandle } = setup();
  const answer = await tether.invokeAndHold(id, canvasHandle, 1, 'getContext', ['2d'], false, 9);
  assert.equal(answer.state, 'alive');
  assert.ok(Number.isSafeInteger(answer.value) && answer.value > 0);
  assert.equal(tether.typeOf(id, answer.value), 9);
  assert.equal(tether.getProperty(id, answer.value, 9, 'kind').value, '2d');
  assert.deepEqual(tether.counts(id), { live: 3, strong: 3, weak: 0, free: 2 ** 20 - 3 });
  assert.deepEqual(await tether.invokeAndHold(id, canvasHandle, 1, 'getContext', ['webgpu'], false, 9), { state: 'alive', value: null });
  const awaited = await tether.invokeAndHold(id, canvasHandle, 1, 'later', [2], true, 9);
  assert.ok(awaited.value > 0, 'a promise is awaited, and its value held');
  assert.equal(tether.typeOf(id, awaited.value), 9);
  tether.disposeTable(id);
});

test('invokeAndHold holds weakly when asked, answers the state of a handle that is not alive, and errors as errors', async () => {
  const { id, canvasHandle } = setup();
  const weak = await tether.invokeAndHold(id, canvasHandle, 1, 'getContext', ['2d'], true, 9);
  assert.deepEqual(tether.counts(id), { live: 3, strong: 2, weak: 1, free: 2 ** 20 - 3 });
  assert.ok(weak.value > 0);
  assert.deepEqual(await tether.invokeAndHold(id, canvasHandle, 2, 'getContext', ['2d'], false, 9), { state: 'wrongtype' });
  assert.deepEqual(await tether.invokeAndHold(id, canvasHandle, 1, 'throws', [], false, 9), { state: 'error', message: 'boom' });
  assert.deepEqual(tether.invokeAndHoldSync(id, canvasHandle, 1, 'later', [1], false, 9), { state: 'error', message: 'later answered a promise: use the async member' });
  assert.equal(tether.invokeAndHoldSync(id, canvasHandle, 1, 'getContext', ['2d'], false, 9).state, 'alive');
  tether.disposeTable(id);
});

test('setProperty sets a value, or the object a marker holds; a dead marker sets nothing', () => {
  const { id, canvas, canvasHandle, otherHandle, other } = setup();
  assert.deepEqual(tether.setProperty(id, canvasHandle, 1, 'width', 640), { state: 'alive' });
  assert.equal(canvas.width, 640);
  assert.deepEqual(tether.setProperty(id, canvasHandle, 1, 'peer', marker(otherHandle, 2)), { state: 'alive' });
  assert.equal(canvas.peer, other);
  tether.dropMany(id, [otherHandle], 0);
  assert.deepEqual(tether.setProperty(id, canvasHandle, 1, 'dead', marker(otherHandle, 2)), { state: 'error', message: 'the value is dropped' });
  assert.equal('dead' in canvas, false);
  assert.deepEqual(tether.setProperty(id, canvasHandle, 3, 'width', 1), { state: 'wrongtype' });
  const frozen = tether.hold(id, Object.freeze({ a: 1 }), false, 0);
  assert.equal(tether.setProperty(id, frozen, 0, 'a', 2).state, 'error');
  assert.deepEqual(tether.setProperty(999, canvasHandle, 1, 'width', 1), { state: 'disposed' });
  tether.disposeTable(id);
});

test('invokeSync answers at once: a wanted promise is an error, an unwanted one runs with its rejection caught', async () => {
  const { id, canvasHandle } = setup();
  assert.deepEqual(tether.invokeSync(id, canvasHandle, 1, 'later', [1], true), { state: 'error', message: 'later answered a promise: use the async member' });
  assert.deepEqual(tether.invokeSync(id, canvasHandle, 1, 'fails', [], false), { state: 'alive' });
  await new Promise((resolve) => setTimeout(resolve, 10)); // an unhandled rejection would fail the test run
  assert.deepEqual(tether.invokeSync(id, canvasHandle, 1, 'nothing', [], true), { state: 'error', message: 'nothing is not a function' });
  tether.disposeTable(id);
});

test('moduleUrl answers the URL this very module was loaded from', () => {
  assert.equal(tether.moduleUrl(), new URL('../Blazor/wwwroot/tether.js', import.meta.url).href);
});

test('the fast state, hold, drop, loosen and tighten answer numbers: JsHandleState codes and handles', () => {
  const { id, canvasHandle } = setup();
  assert.equal(tether.stateOf(id, canvasHandle, 1), ALIVE);
  assert.equal(tether.stateOf(id, canvasHandle, 2), WRONGTYPE);
  assert.equal(tether.stateOf(999, canvasHandle, 1), DISPOSED);
  assert.equal(tether.stateOf(id, 'x', 1), 0);
  const h = tether.holdObject(id, { a: 1 }, true, 4);
  assert.ok(h > 0);
  assert.equal(tether.holdObject(id, null, false, 4), -8);
  assert.equal(tether.holdObject(999, {}, false, 4), -10);
  assert.equal(tether.tightenCode(id, h, 4), ALIVE);
  assert.equal(tether.loosenCode(id, h, 4), ALIVE);
  assert.equal(tether.loosenCode(id, h, 5), WRONGTYPE);
  assert.equal(tether.dropOne(id, h, 4), ALIVE);
  assert.equal(tether.dropOne(id, h, 4), DROPPED);
  assert.equal(tether.dropOne(999, h, 4), DISPOSED);
  tether.disposeTable(id);
});

test('the fast getters answer the value, or a sentinel after which lastCode says why', () => {
  const { id, canvasHandle } = setup();
  assert.equal(tether.getNumber(id, canvasHandle, 1, 'width'), 300);
  assert.equal(tether.getString(id, canvasHandle, 1, 'title'), 'chart');
  assert.equal(tether.getBool(id, canvasHandle, 1, 'on'), 1);
  assert.equal(tether.getJson(id, canvasHandle, 1, 'size'), '{"w":300,"h":150}');

  assert.ok(Number.isNaN(tether.getNumber(id, canvasHandle, 1, 'title')));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [KIND, 'a string']);
  assert.equal(tether.getString(id, canvasHandle, 1, 'missing'), null);
  assert.equal(tether.lastCode(), NOVALUE);
  assert.equal(tether.getBool(id, canvasHandle, 1, 'nothing'), -1);
  assert.equal(tether.lastCode(), NOVALUE);
  assert.equal(tether.getJson(id, canvasHandle, 2, 'size'), null);
  assert.equal(tether.lastCode(), WRONGTYPE);
  assert.equal(tether.getBool(id, canvasHandle, 1, 'size'), -1);
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [KIND, 'a object']);
  tether.disposeTable(id);
});

test('the fast invokes answer values, revive flat handle arguments, and tell errors, NaN and bigints apart', () => {
  const { id, canvasHandle, otherHandle, other, received } = setup();
  assert.equal(tether.invokeNumber(id, canvasHandle, 1, 'take', [1, otherHandle], [1, 2], false), 2);
  assert.equal(received[0][1], other);
  assert.equal(tether.invokeNumber(id, canvasHandle, 1, 'take', [otherHandle], new Float64Array([0, 2]), false), 1, '.NET\'s double[] arrives as a Float64Array');
  assert.equal(received[1][0], other);
  assert.equal(tether.invokeString(id, canvasHandle, 1, 'text', [], null, false), 'hello');
  assert.equal(tether.invokeNone(id, canvasHandle, 1, 'take', [], null, false), ALIVE);

  assert.ok(Number.isNaN(tether.invokeNumber(id, canvasHandle, 1, 'take', [otherHandle], [0, 3], false)));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [ERROR, 'argument 1 is held as another type']);
  assert.ok(Number.isNaN(tether.invokeNumber(id, canvasHandle, 1, 'throws', [], null, false)));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [ERROR, 'boom']);
  assert.ok(Number.isNaN(tether.invokeNumber(id, canvasHandle, 1, 'nan', [], null, false)));
  assert.equal(tether.lastCode(), NOVALUE, 'NaN is no value, as JSON says');
  assert.equal(tether.invokeJson(id, canvasHandle, 1, 'big', [], null, false), null);
  assert.equal(tether.lastCode(), ERROR);
  assert.equal(tether.invokeNone(id, canvasHandle, 1, 'take', [5], [0, 2], false), ERROR);
  assert.equal(tether.lastMessage(), 'argument 1 is unknown');
  assert.equal(tether.invokeNone(id, canvasHandle, 1, 'take', [5], [7, 2], false), ERROR);
  assert.equal(tether.lastMessage(), 'marker 1 names no argument');
  assert.equal(tether.invokeNone(999, canvasHandle, 1, 'take', [], null, false), DISPOSED);
  tether.disposeTable(id);
});

test('the argument-less invokes answer as the others do with an empty array', () => {
  const { id, canvasHandle, received } = setup();
  assert.equal(tether.invokeNumber0(id, canvasHandle, 1, 'take', false), 0);
  assert.deepEqual(received, [[]]);
  assert.equal(tether.invokeString0(id, canvasHandle, 1, 'text', false), 'hello');
  assert.equal(tether.invokeBool0(id, canvasHandle, 1, 'text', false), -1);
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [KIND, 'a string']);
  assert.equal(tether.invokeJson0(id, canvasHandle, 1, 'text', false), '"hello"');
  assert.ok(Number.isNaN(tether.invokeNumber0(id, canvasHandle, 2, 'take', false)));
  assert.equal(tether.lastCode(), WRONGTYPE);
  assert.ok(Number.isNaN(tether.invokeNumber0(id, canvasHandle, 1, 'throws', false)));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [ERROR, 'boom']);
  assert.ok(Number.isNaN(tether.invokeNumber0(id, canvasHandle, 1, 'title', false)));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [ERROR, 'title is not a function']);
  assert.ok(Number.isNaN(tether.invokeNumber0(id, canvasHandle, 1, 'nan', false)));
  assert.equal(tether.lastCode(), NOVALUE);
  assert.ok(Number.isNaN(tether.invokeNumber0(id, canvasHandle, 1, 'text', false)));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [KIND, 'a string']);
  assert.ok(Number.isNaN(tether.invokeNumber0(id, canvasHandle, 1, 'later', false)));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [ERROR, 'later answered a promise: use the async member']);
  assert.ok(Number.isNaN(tether.invokeNumber0(id, canvasHandle, 1, 'later', true)));
  assert.equal(tether.lastCode(), PENDING);
  assert.ok(Number.isNaN(tether.invokeNumber0(999, canvasHandle, 1, 'take', false)));
  assert.equal(tether.lastCode(), DISPOSED);
  tether.disposeTable(id);
});

test('a promise is PENDING with a ticket for the async members, and settle answers its envelope once', async () => {
  const { id, canvasHandle } = setup();
  assert.ok(Number.isNaN(tether.invokeNumber(id, canvasHandle, 1, 'later', [21], null, true)));
  assert.equal(tether.lastCode(), PENDING);
  const ticket = tether.lastTicket();
  assert.equal(await tether.settle(ticket, 1, id, false, 0), '{"state":"alive","value":42}');
  assert.equal(await tether.settle(ticket, 1, id, false, 0), '{"state":"unknown"}');

  assert.equal(tether.invokeNone(id, canvasHandle, 1, 'fails', [], null, true), PENDING);
  assert.equal(await tether.settle(tether.lastTicket(), 0, id, false, 0), '{"state":"error","message":"no"}');

  assert.equal(tether.invokeHold(id, canvasHandle, 1, 'later', [1], null, false, 9, true), 0);
  assert.equal(tether.lastCode(), PENDING);
  const held = JSON.parse(await tether.settle(tether.lastTicket(), 2, id, false, 9));
  assert.equal(tether.typeOf(id, held.value), 9);

  assert.ok(Number.isNaN(tether.invokeNumber(id, canvasHandle, 1, 'later', [1], null, false)));
  assert.deepEqual([tether.lastCode(), tether.lastMessage()], [ERROR, 'later answered a promise: use the async member']);
  tether.disposeTable(id);
});

test('the fast invokeHold and setValue: handles, NOVALUE for no result, markers for handle values', () => {
  const { id, canvas, canvasHandle, otherHandle, other } = setup();
  const context = tether.invokeHold(id, canvasHandle, 1, 'getContext', ['2d'], null, false, 9, false);
  assert.ok(context > 0);
  assert.equal(tether.invokeNumber(id, context, 9, 'fillRect', [], null, false), 7);
  assert.equal(tether.invokeHold(id, canvasHandle, 1, 'getContext', ['webgl'], null, false, 9, false), 0);
  assert.equal(tether.lastCode(), NOVALUE);
  assert.equal(tether.setValue(id, canvasHandle, 1, 'width', [10], null), ALIVE);
  assert.equal(canvas.width, 10);
  assert.equal(tether.setValue(id, canvasHandle, 1, 'peer', [otherHandle], [0, 2]), ALIVE);
  assert.equal(canvas.peer, other);
  assert.equal(tether.setValue(id, canvasHandle, 1, 'peer', [otherHandle], [0, 1]), ERROR);
  assert.equal(tether.lastMessage(), 'the value is held as another type');
  assert.equal(tether.setValue(id, canvasHandle, 2, 'width', [1], null), WRONGTYPE);
  tether.disposeTable(id);
});

test('no fast export throws, whatever it is given, and each answers its documented kind', async () => {
  const { id, canvasHandle } = setup();
  const ids = fc.oneof(fc.constant(id), fc.anything());
  const handle = fc.oneof(fc.constant(canvasHandle), fc.anything(), fc.double());
  const name = fc.oneof(fc.constantFrom('width', 'take', 'later', 'throws', 'missing', 'size'), fc.anything());
  const args = fc.oneof(fc.array(fc.oneof(fc.anything(), fc.double())), fc.anything());
  const call = fc.oneof(
    fc.tuple(fc.constant('stateOf'), ids, handle, fc.anything()),
    fc.tuple(fc.constant('getNumber'), ids, handle, fc.anything(), name),
    fc.tuple(fc.constant('getJson'), ids, handle, fc.anything(), name),
    fc.tuple(fc.constant('invokeNumber0'), ids, handle, fc.anything(), name, fc.boolean()),
    fc.tuple(fc.constant('invokeNumber'), ids, handle, fc.anything(), name, args, fc.anything(), fc.boolean()),
    fc.tuple(fc.constant('invokeString'), ids, handle, fc.anything(), name, args, fc.anything(), fc.boolean()),
    fc.tuple(fc.constant('invokeBool'), ids, handle, fc.anything(), name, args, fc.anything(), fc.boolean()),
    fc.tuple(fc.constant('invokeNone'), ids, handle, fc.anything(), name, args, fc.anything(), fc.boolean()),
    fc.tuple(fc.constant('invokeHold'), ids, handle, fc.anything(), name, args, fc.anything(), fc.anything(), fc.anything(), fc.boolean()),
    fc.tuple(fc.constant('setValue'), ids, handle, fc.anything(), fc.constantFrom('x', 'y'), args, fc.anything()),
    fc.tuple(fc.constant('invokeSync'), ids, handle, fc.anything(), name, args, fc.anything()),
    fc.tuple(fc.constant('setProperty'), ids, handle, fc.anything(), fc.constantFrom('x', 'y'), fc.anything()),
    fc.tuple(fc.constant('settle'), fc.anything(), fc.anything(), ids, fc.anything(), fc.anything()),
  );
  await fc.assert(
    fc.asyncProperty(call, async ([fn, ...rest]) => {
      const answer = await tether[fn](...rest);
      if (['stateOf', 'invokeNone', 'setValue', 'invokeHold'].includes(fn)) assert.ok(Number.isSafeInteger(answer), String(answer));
      if (['getNumber', 'invokeNumber', 'invokeNumber0'].includes(fn)) assert.equal(typeof answer, 'number');
      if (['getJson', 'invokeString'].includes(fn)) assert.ok(answer === null || typeof answer === 'string');
      if (fn === 'invokeBool') assert.ok([1, 0, -1].includes(answer));
      if (fn === 'settle') assert.equal(typeof answer, 'string');
    }),
    { numRuns: 1500 },
  );
  tether.disposeTable(id);
});

test('settle answers timeout after timeoutMs for a promise that never settles, and nothing it cannot settle is left to the GC', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const h = tether.hold(id, { hang() { return new Promise(() => {}); }, soon() { return Promise.resolve(4); } }, false, 1);
  tether.invokeNumber(id, h, 1, 'hang', [], null, true);
  const hanging = tether.lastTicket();
  const started = Date.now();
  assert.equal(await tether.settle(hanging, 1, id, false, 0, 60), '{"state":"timeout"}');
  assert.ok(Date.now() - started >= 55);
  tether.invokeNumber(id, h, 1, 'soon', [], null, true);
  assert.equal(await tether.settle(tether.lastTicket(), 1, id, false, 0, 60_000), '{"state":"alive","value":4}');
  tether.disposeTable(id);
});

test('settle re-arms its timer for a timeout longer than setTimeout keeps (2^31 - 1 ms), rather than timing out at once', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  let resolve;
  const h = tether.hold(id, { later() { return new Promise((r) => { resolve = r; }); } }, false, 1);
  tether.invokeNumber(id, h, 1, 'later', [], null, true);
  const settling = tether.settle(tether.lastTicket(), 1, id, false, 0, 2 ** 32 - 2);
  await new Promise((r) => setTimeout(r, 30));
  resolve(5);
  assert.equal(await settling, '{"state":"alive","value":5}');
  tether.disposeTable(id);
});
