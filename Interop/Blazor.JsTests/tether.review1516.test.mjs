// Review 1516 (hostile caller): handle markers are recognised by their shape alone. A .NET caller that passes
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

test('failing test: user JSON shaped like a marker without a tag is passed as data, not revived to a held object of any type', async () => {
  const { id, targetHandle, secretHandle, secret, received } = setup();
  // What a Blazor app passes when it forwards untrusted JSON: the JSON interop layer deserialises it to this.
  const data = JSON.parse(`{"__tetherHandle": ${secretHandle}}`);
  assert.deepEqual(await tether.invoke(id, targetHandle, 1, 'take', [data], true), { state: 'alive', value: 1 });
  assert.notEqual(received[0][0], secret, 'forged marker reached the method as the privileged held object');
  assert.deepEqual(received[0][0], { __tetherHandle: secretHandle });
  tether.disposeTable(id);
});

test('failing test: user JSON shaped like a marker of a dead handle is passed as data, not refused as "argument 1 is unknown"', () => {
  const { id, targetHandle, received } = setup();
  const data = JSON.parse('{"__tetherHandle": 12345, "comment": "just data"}');
  assert.deepEqual(tether.invokeSync(id, targetHandle, 1, 'take', [data], true), { state: 'alive', value: 1 });
  assert.deepEqual(received, [[{ __tetherHandle: 12345, comment: 'just data' }]]);
  tether.disposeTable(id);
});

test('failing test: setProperty with user JSON shaped like a marker stores the data, not the held object', () => {
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

test('failing test: invokeSync with an argument array whose element getter throws answers an error instead of throwing', () => {
  const { id, targetHandle, received } = setup();
  let answer;
  assert.doesNotThrow(() => { answer = tether.invokeSync(id, targetHandle, 1, 'take', throwingArgs(), true); });
  assert.deepEqual(answer, { state: 'error', message: 'hostile getter' });
  assert.deepEqual(received, []);
  tether.disposeTable(id);
});

test('failing test: invoke with a Proxy argument array whose traps throw resolves to an error instead of rejecting', async () => {
  const { id, targetHandle } = setup();
  const hostile = new Proxy([], { get() { throw new Error('trap'); } });
  let answer;
  await assert.doesNotReject(async () => { answer = await tether.invoke(id, targetHandle, 1, 'take', hostile, true); });
  assert.equal(answer.state, 'error');
  tether.disposeTable(id);
});

test('failing test: the [JSImport] invokeNumber with a handle marker and a throwing argument getter answers NaN and ERROR instead of throwing', () => {
  const { id, targetHandle } = setup();
  let answer;
  assert.doesNotThrow(() => { answer = tether.invokeNumber(id, targetHandle, 1, 'take', throwingArgs(), [0, 7], false); });
  assert.ok(Number.isNaN(answer));
  assert.equal(tether.lastCode(), 7);
  tether.disposeTable(id);
});
