// createTable's notices to .NET: the token, and delivery through a reconnecting circuit. A fake DOM
// (fakes.mjs) on globalThis makes the detached notices; this file runs in its own process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tether from '../Blazor/wwwroot/tether.js';
import { FakeDotNet, FakeNode, installFakeDom } from './fakes.mjs';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('every notice call sends the token first: OnNotices(token, collected, detached)', async () => {
  const doc = installFakeDom();
  const dotnet = new FakeDotNet();
  const id = tether.createTable(dotnet, true, 'token-3f9a');
  const a = doc.body.appendChild(new FakeNode('a'));
  const b = doc.body.appendChild(new FakeNode('b'));
  const ha = tether.hold(id, a, false, 0);
  const hb = tether.hold(id, b, true, 0);
  a.remove();
  doc.deliver();
  await tick();
  b.remove();
  doc.deliver();
  await tick();
  assert.deepEqual(dotnet.calls, [
    { at: 0, method: 'OnNotices', args: ['token-3f9a', [], [ha]] },
    { at: 0, method: 'OnNotices', args: ['token-3f9a', [], [hb]] },
  ]);
  tether.disposeTable(id);
});
