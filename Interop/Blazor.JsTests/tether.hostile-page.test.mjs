// A hostile page script: the notice token and the detach checks against a page that patches what
// tether.js reaches through prototypes or own properties. A fake DOM (fakes.mjs) on globalThis; own process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tether from '../Blazor/wwwroot/tether.js';
import { FakeDotNet, FakeNode, installFakeDom } from './fakes.mjs';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('a page script that patches the DotNetObject prototype cannot learn the notice token (and so forge notices)', async () => {
  // FakeDotNet, like Blazor's DotNetObject, has invokeMethodAsync on its prototype. Any page script that
  // holds any DotNetObjectReference (the one user JS is given for callDotNet, say) reaches that prototype.
  const doc = installFakeDom();
  const receiver = new FakeDotNet();
  const id = tether.createTable(receiver, true, 'secret-token');
  const el = doc.body.appendChild(new FakeNode('el'));
  tether.hold(id, el, false, 0);

  let stolen;
  const original = FakeDotNet.prototype.invokeMethodAsync;
  FakeDotNet.prototype.invokeMethodAsync = function (method, ...args) {
    if (method === 'OnNotices') stolen = { receiver: this, token: args[0] };
    return original.call(this, method, ...args);
  };
  try {
    el.remove();
    doc.deliver();
    await tick();
  } finally {
    FakeDotNet.prototype.invokeMethodAsync = original;
    tether.disposeTable(id);
  }

  // With it, the page sends .NET any batch it likes, to the right receiver, with the right token:
  //   stolen.receiver.invokeMethodAsync('OnNotices', stolen.token, [anyHandle], [anyOther])
  assert.notEqual(stolen?.token, 'secret-token', 'the token left the module closure through a page-patchable method');
});

test('an element whose own isConnected throws neither makes an entry point throw nor hides other elements\' departures', async () => {
  const doc = installFakeDom();
  const receiver = new FakeDotNet();
  const id = tether.createTable(receiver, true, 'tok');
  const hostile = doc.body.appendChild(new FakeNode('hostile'));
  const plain = doc.body.appendChild(new FakeNode('plain'));
  const hh = tether.hold(id, hostile, false, 0); // a real node at hold: isConnected read fine then
  const hp = tether.hold(id, plain, false, 0);
  Object.defineProperty(hostile, 'isConnected', { get() { throw new Error('hostile getter'); } });

  // "The entry points .NET calls never throw, whatever they are given"
  assert.doesNotThrow(() => tether.state(id, hh, 0));
  assert.doesNotThrow(() => tether.getProperty(id, hh, 0, 'name'));

  // One mutation batch removes both; the observer's walk must not stop at the hostile one.
  hostile.remove();
  plain.remove();
  try {
    doc.deliver(); // in a browser an observer callback's throw goes to window.onerror; here it reaches us
  } catch {
    // ignored: what matters is what .NET hears
  }
  await tick();
  const detached = receiver.calls.flatMap((c) => c.args[2]);
  tether.disposeTable(id);
  assert.ok(detached.includes(hp), `the plain element's departure was told (notices: ${JSON.stringify(receiver.calls)})`);
});
