// createTable's notices to .NET: the token, and delivery through a reconnecting circuit. A fake DOM
// (fakes.mjs) on globalThis makes the detached notices; this file runs in its own process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tether from '../Blazor/wwwroot/tether.js';
import { FakeClock, FakeDotNet, FakeNode, elapse, installFakeDom } from './fakes.mjs';

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

/** A watched table made by createTable on a fresh fake document, with a manual clock for its timers. */
function created(failures, options = {}) {
  const doc = installFakeDom();
  const clock = new FakeClock();
  const dotnet = new FakeDotNet(clock, failures);
  const id = tether.createTable(dotnet, true, 'tok', undefined, { timers: clock, ...options });
  /** Holds a new element in the body; answers it and its handle. */
  const element = (name) => {
    const el = doc.body.appendChild(new FakeNode(name));
    return [el, tether.hold(id, el, false, 0)];
  };
  return { doc, clock, dotnet, id, element };
}

const times = (dotnet) => dotnet.calls.map((c) => c.at);

test('a batch the circuit rejects is sent again after 250, 500, 1000 ms... until it goes through', async () => {
  const { doc, clock, dotnet, id, element } = created(3);
  const [el, h] = element('el');
  el.remove();
  doc.deliver();
  await elapse(clock, 60_000);
  assert.deepEqual(times(dotnet), [0, 250, 750, 1750]);
  for (const call of dotnet.calls) assert.deepEqual(call, { at: call.at, method: 'OnNotices', args: ['tok', [], [h]] });
  assert.equal(clock.pending, 0, 'nothing more to send, nothing scheduled');
  tether.disposeTable(id);
});

test('the backoff doubles up to 30 s, and starts again at 250 ms after a success', async () => {
  const { doc, clock, dotnet, id, element } = created(10);
  const [a] = element('a');
  const [b, hb] = element('b');
  a.remove();
  doc.deliver();
  await elapse(clock, 200_000);
  const gaps = times(dotnet).slice(1).map((t, i) => t - times(dotnet)[i]);
  assert.deepEqual(gaps, [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(dotnet.calls.length, 11);

  dotnet.failures = 1;
  const start = clock.now;
  b.remove();
  doc.deliver();
  await elapse(clock, 10_000);
  assert.deepEqual(times(dotnet).slice(11), [start, start + 250]);
  assert.deepEqual(dotnet.calls[12].args, ['tok', [], [hb]]);
  tether.disposeTable(id);
});

test('the base and the cap of the backoff are options of createTable', async () => {
  const { doc, clock, dotnet, id, element } = created(5, { retryDelay: 10, maxRetryDelay: 40 });
  const [el] = element('el');
  el.remove();
  doc.deliver();
  await elapse(clock, 1000);
  assert.deepEqual(times(dotnet), [0, 10, 30, 70, 110, 150]);
  tether.disposeTable(id);
});

test('notices that pile up during a backoff wait for it, and go out with the retried batch', async () => {
  const { doc, clock, dotnet, id, element } = created(1);
  const [a, ha] = element('a');
  const [b, hb] = element('b');
  a.remove();
  doc.deliver();
  await elapse(clock, 100);
  b.remove();
  doc.deliver();
  await elapse(clock, 1000);
  assert.deepEqual(dotnet.calls.map((c) => [c.at, c.args]), [
    [0, ['tok', [], [ha]]],
    [250, ['tok', [], [ha, hb]]],
  ]);
  tether.disposeTable(id);
});

test('a re-sent batch carries only handles still current and still detached', async () => {
  const { doc, clock, dotnet, id, element } = created(1);
  const [a, ha] = element('a');
  const [b, hb] = element('b');
  const [c, hc] = element('c');
  a.remove();
  b.remove();
  c.remove();
  doc.deliver();
  await elapse(clock, 0);
  assert.deepEqual(dotnet.calls.map((call) => call.args), [['tok', [], [ha, hb, hc]]]);
  doc.body.appendChild(b); // came back
  doc.deliver();
  assert.deepEqual(tether.dropMany(id, [hc], 0), ['detached']); // .NET let go of it meanwhile
  await elapse(clock, 1000);
  assert.deepEqual(dotnet.calls.map((call) => call.args), [['tok', [], [ha, hb, hc]], ['tok', [], [ha]]]);
  tether.disposeTable(id);
});

test('a handle is in a pending batch at most once per kind', async () => {
  const { doc, clock, dotnet, id, element } = created(1);
  const [a, ha] = element('a');
  // Within one turn: leave, come back, leave again (each seen by the observer) is one notice.
  a.remove();
  doc.deliver();
  doc.body.appendChild(a);
  doc.deliver();
  a.remove();
  doc.deliver();
  await elapse(clock, 0);
  assert.deepEqual(dotnet.calls.map((c) => c.args), [['tok', [], [ha]]]);
  // The rejected batch is back in the queue; the same again while it waits adds nothing to it.
  doc.body.appendChild(a);
  doc.deliver();
  a.remove();
  doc.deliver();
  await elapse(clock, 1000);
  assert.deepEqual(dotnet.calls.map((c) => c.args), [['tok', [], [ha]], ['tok', [], [ha]]]);
  tether.disposeTable(id);
});

test('a collected handle that .NET dropped while its notice waited for a retry is not sent', async () => {
  const clock = new FakeClock();
  const dotnet = new FakeDotNet(clock, Infinity);
  const id = tether.createTable(dotnet, false, 'tok', undefined, { timers: clock });
  const [kept, dropped] = (() => [tether.hold(id, {}, true, 0), tether.hold(id, {}, true, 0)])();
  const sent = () => new Set(dotnet.calls.flatMap((c) => c.args[1]));
  for (let i = 0; i < 40 && !(sent().has(kept) && sent().has(dropped)); i++) {
    globalThis.gc();
    await tick();
    await elapse(clock, 30_000);
  }
  assert.deepEqual([...sent()].sort(), [kept, dropped].sort(), 'both collected notices were tried');
  const tried = dotnet.calls.length;
  assert.deepEqual(tether.dropMany(id, [dropped], 0), ['collected']);
  dotnet.failures = 0;
  await elapse(clock, 60_000);
  assert.deepEqual(dotnet.calls.slice(tried).map((c) => c.args), [['tok', [kept], []]]);
  tether.disposeTable(id);
});

test('disposeTable ends the retries', async () => {
  const { doc, clock, dotnet, id, element } = created(Infinity);
  const [el] = element('el');
  el.remove();
  doc.deliver();
  await elapse(clock, 1000);
  const tried = dotnet.calls.length;
  assert.equal(tried, 3); // at 0, 250, 750
  tether.disposeTable(id);
  assert.equal(clock.pending, 0);
  await elapse(clock, 100_000);
  assert.equal(dotnet.calls.length, tried);
});

test('a .NET reference that cannot even be called is retried like a rejection, never thrown', async () => {
  const doc = installFakeDom();
  const clock = new FakeClock();
  const id = tether.createTable({}, true, 'tok', undefined, { timers: clock });
  const el = doc.body.appendChild(new FakeNode('el'));
  tether.hold(id, el, false, 0);
  el.remove();
  doc.deliver();
  await elapse(clock, 1000);
  assert.equal(clock.pending, 1, 'the next retry is waiting');
  tether.disposeTable(id);
  assert.equal(clock.pending, 0);
});
