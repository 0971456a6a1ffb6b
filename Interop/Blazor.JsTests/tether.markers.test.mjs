// A hostile caller: handle markers are recognised by their shape alone. A .NET caller that passes
// data it did not make itself (a JsonElement or dictionary parsed from a server's or a user's JSON) sends it as
// is (JsArguments.ForJson maps only IJsHandleArgument), and tether.js revives any top-level object with an own
// __tetherHandle property: the data is silently replaced by whatever object the table holds under that number,
// of any type when __tetherType is missing (a form .NET itself never writes: HandleMarker always has a tag).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tether from '../Blazor/wwwroot/tether.js';
import { FakeDotNet } from './fakes.mjs';

function setup() {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const received = [];
  const target = { take(...args) { received.push(args); return args.length; } };
  const secret = { name: 'a privileged object held by the app, tag 7' };
  const targetHandle = tether.hold(id, target, false, 1);
  const secretHandle = tether.hold(id, secret, false, 7);
  return { id, targetHandle, secretHandle, secret, received };
}

test('user JSON shaped like a marker without a tag is passed as data, not revived to a held object of any type', async () => {
  const { id, targetHandle, secretHandle, secret, received } = setup();
  // What a Blazor app passes when it forwards untrusted JSON: the JSON interop layer deserialises it to this.
  const data = JSON.parse(`{"__tetherHandle": ${secretHandle}}`);
  assert.deepEqual(await tether.invoke(id, targetHandle, 1, 'take', [data], true), { state: 'alive', value: 1 });
  assert.notEqual(received[0][0], secret, 'forged marker reached the method as the privileged held object');
  assert.deepEqual(received[0][0], { __tetherHandle: secretHandle });
  tether.disposeTable(id);
});

test('user JSON shaped like a marker of a dead handle is passed as data, not refused as "argument 1 is unknown"', () => {
  const { id, targetHandle, received } = setup();
  const data = JSON.parse('{"__tetherHandle": 12345, "comment": "just data"}');
  assert.deepEqual(tether.invokeSync(id, targetHandle, 1, 'take', [data], true), { state: 'alive', value: 1 });
  assert.deepEqual(received, [[{ __tetherHandle: 12345, comment: 'just data' }]]);
  tether.disposeTable(id);
});

test('setProperty with user JSON shaped like a marker stores the data, not the held object', () => {
  const { id, targetHandle, secretHandle, secret } = setup();
  const data = JSON.parse(`{"__tetherHandle": ${secretHandle}, "__tetherType": 7}`);
  assert.deepEqual(tether.setProperty(id, targetHandle, 1, 'config', data), { state: 'alive' });
  const read = tether.getProperty(id, targetHandle, 1, 'config');
  assert.notEqual(read.value, secret);
  assert.deepEqual(read.value, { __tetherHandle: secretHandle, __tetherType: 7 });
  tether.disposeTable(id);
});

// "Never throws" (reviveMarkers) and "Nothing here throws, whatever it is given" (the [JSImport] exports):
// the module is importable by any page script, and an argument array whose element is an accessor that
// throws (or a Proxy of an array) escapes every catch, because the arguments are read before the try.
function throwingArgs() {
  const args = [1];
  Object.defineProperty(args, 0, { get() { throw new Error('hostile getter'); }, enumerable: true });
  return args;
}

test('invokeSync with an argument array whose element getter throws answers an error instead of throwing', () => {
  const { id, targetHandle, received } = setup();
  let answer;
  assert.doesNotThrow(() => { answer = tether.invokeSync(id, targetHandle, 1, 'take', throwingArgs(), true); });
  assert.deepEqual(answer, { state: 'error', message: 'hostile getter' });
  assert.deepEqual(received, []);
  tether.disposeTable(id);
});

test('invoke with a Proxy argument array whose traps throw resolves to an error instead of rejecting', async () => {
  const { id, targetHandle } = setup();
  const hostile = new Proxy([], { get() { throw new Error('trap'); } });
  let answer;
  await assert.doesNotReject(async () => { answer = await tether.invoke(id, targetHandle, 1, 'take', hostile, true); });
  assert.equal(answer.state, 'error');
  tether.disposeTable(id);
});

test('the [JSImport] invokeNumber with a handle marker and a throwing argument getter answers NaN and ERROR instead of throwing', () => {
  const { id, targetHandle } = setup();
  let answer;
  assert.doesNotThrow(() => { answer = tether.invokeNumber(id, targetHandle, 1, 'take', throwingArgs(), [0, 7], false); });
  assert.ok(Number.isNaN(answer));
  assert.equal(tether.lastCode(), 7);
  tether.disposeTable(id);
});

// The same check over every other entry point: each of these read a value the
// caller (or the page's object) controls outside any try, so it threw out of tether.js.
const KIND = 9, ERROR = 7;
const hostileProxy = (target) => new Proxy(target, { get() { throw new Error('trap'); } });

test('dropMany with a handle array whose elements cannot be read ends nothing and answers [], in a missing table too', () => {
  const { id, targetHandle } = setup();
  const args = [targetHandle, 0];
  Object.defineProperty(args, 1, { get() { throw new Error('hostile getter'); }, enumerable: true });
  let answer;
  assert.doesNotThrow(() => { answer = tether.dropMany(id, args, 0); });
  assert.deepEqual(answer, []);
  assert.equal(tether.state(id, targetHandle, 0), 'alive', 'a handle before the throwing element was dropped');
  assert.doesNotThrow(() => { answer = tether.dropMany(id, hostileProxy([targetHandle]), 0); });
  assert.deepEqual(answer, []);
  tether.disposeTable(id);
  assert.doesNotThrow(() => { answer = tether.dropMany(id, hostileProxy([targetHandle]), 0); });
  assert.deepEqual(answer, []);
});

test('the [JSImport] setValue with a Proxy argument array whose traps throw answers ERROR instead of throwing', () => {
  const { id, targetHandle } = setup();
  let answer;
  assert.doesNotThrow(() => { answer = tether.setValue(id, targetHandle, 1, 'config', hostileProxy([1]), null); });
  assert.equal(answer, ERROR);
  assert.equal(tether.lastCode(), ERROR);
  assert.equal(tether.lastMessage(), 'trap');
  tether.disposeTable(id);
});

test('createTable with a .NET reference or options whose getters throw makes a table instead of throwing', () => {
  let id;
  assert.doesNotThrow(() => { id = tether.createTable(hostileProxy({}), false, 'token-hostile', hostileProxy({}), hostileProxy({})); });
  assert.ok(Number.isSafeInteger(id) && id > 0, String(id));
  const held = tether.hold(id, {}, false, 0);
  assert.ok(held > 0, String(held));
  tether.disposeTable(id);
});

test('a result that is a revoked Proxy is KIND "a revoked proxy" from the fast getters and invokes, not a throw', () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const handle = tether.hold(id, { revoked: proxy, give() { return proxy; } }, false, 1);
  for (const [name, call, sentinel] of [
    ['getNumber', () => tether.getNumber(id, handle, 1, 'revoked'), NaN],
    ['getString', () => tether.getString(id, handle, 1, 'revoked'), null],
    ['getBool', () => tether.getBool(id, handle, 1, 'revoked'), -1],
    ['invokeNumber', () => tether.invokeNumber(id, handle, 1, 'give', [], null, false), NaN],
    ['invokeNumber0', () => tether.invokeNumber0(id, handle, 1, 'give', false), NaN],
    ['invokeString0', () => tether.invokeString0(id, handle, 1, 'give', false), null],
    ['invokeBool0', () => tether.invokeBool0(id, handle, 1, 'give', false), -1],
  ]) {
    let answer;
    assert.doesNotThrow(() => { answer = call(); }, name);
    assert.deepEqual(answer, sentinel, name);
    assert.equal(tether.lastCode(), KIND, name);
    assert.equal(tether.lastMessage(), 'a revoked proxy', name);
  }
  tether.disposeTable(id);
});

test('a method name whose toString throws on its second read answers an error, not a throw, when the method answered a promise', async () => {
  const id = tether.createTable(new FakeDotNet(), false, 'token');
  const handle = tether.hold(id, { later() { return Promise.resolve(1); } }, false, 1);
  const name = () => {
    let reads = 0;
    return { toString() { if (reads++ === 0) return 'later'; throw new Error('second read'); } };
  };
  const message = 'the method answered a promise: use the async member';
  let answer;
  assert.doesNotThrow(() => { answer = tether.invokeSync(id, handle, 1, name(), [], true); });
  assert.deepEqual(answer, { state: 'error', message });
  assert.doesNotThrow(() => { answer = tether.invokeAndHoldSync(id, handle, 1, name(), [], false, 0); });
  assert.deepEqual(answer, { state: 'error', message });
  assert.doesNotThrow(() => { answer = tether.invokeNumber(id, handle, 1, name(), [], null, false); });
  assert.ok(Number.isNaN(answer));
  assert.equal(tether.lastCode(), ERROR);
  assert.equal(tether.lastMessage(), message);
  assert.doesNotThrow(() => { answer = tether.invokeNumber0(id, handle, 1, name(), false); });
  assert.ok(Number.isNaN(answer));
  assert.equal(tether.lastMessage(), message);
  tether.disposeTable(id);
});

// The fix for the forged markers: a marker carries its table's brand, the random string .NET hands createTable
// (after the notice token), and only a marker with that brand is revived. Anything else is passed as the data
// it is: the caller meant it as data, so nothing is lost, and no error can be provoked by data either.
const BRAND_A = '8F3A0C51D2E94B7A6C1F0E3D5B2A9C47';
const BRAND_B = '1B6E2D0F9A4C8E735D1A0B2C6F4E9D83';
const branded = (handle, type, brand) => ({ __tetherHandle: handle, __tetherType: type, __tetherBrand: brand });

function brandedSetup(brand) {
  const id = tether.createTable(new FakeDotNet(), false, 'token', brand);
  const received = [];
  const secret = { name: 'held, tag 7' };
  const targetHandle = tether.hold(id, { take(...args) { received.push(args); return args.length; } }, false, 1);
  const secretHandle = tether.hold(id, secret, false, 7);
  return { id, targetHandle, secretHandle, secret, received };
}

test('a marker revives only with its own table\'s brand; another table\'s brand is data', async () => {
  const { id, targetHandle, secretHandle, secret, received } = brandedSetup(BRAND_A);
  const other = tether.createTable(new FakeDotNet(), false, 'token-b', BRAND_B);
  const foreign = branded(secretHandle, 7, BRAND_B);
  assert.deepEqual(await tether.invoke(id, targetHandle, 1, 'take', [foreign], true), { state: 'alive', value: 1 });
  assert.equal(received[0][0], foreign, 'a marker of another brand is passed as it came');
  assert.deepEqual(tether.invokeSync(id, targetHandle, 1, 'take', [branded(secretHandle, 7, BRAND_A)], true), { state: 'alive', value: 1 });
  assert.equal(received[1][0], secret, 'the table\'s own brand revives');
  assert.deepEqual(tether.setProperty(id, targetHandle, 1, 'peer', foreign), { state: 'alive' });
  assert.equal(tether.getProperty(id, targetHandle, 1, 'peer').value, foreign);
  tether.disposeTable(other);
  tether.disposeTable(id);
});

test('a table made without a brand of at least 32 characters revives no marker, whatever brand it carries', () => {
  for (const brand of [undefined, null, '', 'short', 'x'.repeat(31), 12345678901234567890123456789012, { toString: () => BRAND_A }]) {
    const { id, targetHandle, secretHandle, received } = brandedSetup(brand);
    const markers = [branded(secretHandle, 7, brand), branded(secretHandle, 7, undefined), branded(secretHandle, 7, String(brand))];
    assert.deepEqual(tether.invokeSync(id, targetHandle, 1, 'take', markers, true), { state: 'alive', value: 3 }, String(brand));
    assert.deepEqual(received, [markers], String(brand));
    assert.equal(received[0][0], markers[0]);
    tether.disposeTable(id);
  }
});

test('a marker with the right brand is revived only as .NET writes it: handle, tag and brand, all own properties', () => {
  const { id, targetHandle, secretHandle, received } = brandedSetup(BRAND_A);
  const untagged = { __tetherHandle: secretHandle, __tetherBrand: BRAND_A };
  const inheritedBrand = Object.assign(Object.create({ __tetherBrand: BRAND_A }), { __tetherHandle: secretHandle, __tetherType: 7 });
  assert.deepEqual(tether.invokeSync(id, targetHandle, 1, 'take', [untagged, inheritedBrand], true), { state: 'alive', value: 2 });
  assert.equal(received[0][0], untagged);
  assert.equal(received[0][1], inheritedBrand);
  tether.disposeTable(id);
});

test('the [JSImport] path revives only the indices its markers list name: an object shaped like a branded marker is data there', () => {
  const { id, targetHandle, secretHandle, received } = brandedSetup(BRAND_A);
  const lookalike = branded(secretHandle, 7, BRAND_A);
  assert.equal(tether.invokeNumber(id, targetHandle, 1, 'take', [lookalike], null, false), 1);
  assert.equal(received[0][0], lookalike);
  assert.equal(tether.invokeNone(id, targetHandle, 1, 'take', [lookalike, secretHandle], [1, 7], false), 1);
  assert.equal(received[1][0], lookalike);
  assert.equal(received[1][1].name, 'held, tag 7');
  tether.disposeTable(id);
});
