// JS objects and elements for the probe page. Each object is pinned on window.__tetherPinned until the
// test lets go of them (window.__tetherPinned = {}): before that, a GC that happens to run (a loaded
// machine) cannot collect a weakly held object early; after it, only Tether's weak hold is left.
export function makeObject(name) {
  const obj = { name, payload: new Array(1024).fill(name) };
  obj.chain = function chain() { return this; }; // fluent: answers itself, which cannot cross as JSON (see self)
  obj.self = obj; // a cycle: serialising the object would fail
  obj.nothing = () => undefined;
  obj.count = name.length;
  obj.laterCalls = 0;
  obj.later = function later() { this.laterCalls++; return Promise.resolve(7); }; // a promise: awaited by the async Invoke
  obj.canvasId = function canvasId() { return this.canvas?.id ?? 'none'; };
  obj.nameOf = (other) => (other !== null && typeof other === 'object' ? String(other.name) : `not an object: ${JSON.stringify(other)}`);
  (globalThis.__tetherPinned ??= {})[name] = obj;
  return obj;
}

export function makeElement(id) {
  const element = document.createElement('span');
  element.id = id;
  element.textContent = id;
  document.getElementById('arena').appendChild(element);
  (globalThis.__tetherPinned ??= {})[id] = element;
  return element;
}

/** Exposed .NET objects, called back by Tether handle, as tether.js does it. */
export { callDotNet } from '../Tether.Interop/tether.js';

// ---- the showcase page ---------------------------------------------------------------------------

/** Cards taken out of the page, kept here so they can be put back, until a GC is asked for. */
const parked = new Map();

/** A card element in #cards, pinned (as the probe's objects are) so only Tether's hold decides its fate. */
export function makeCard(id, text) {
  const card = document.createElement('div');
  card.id = id;
  card.className = 'card';
  card.textContent = text;
  document.getElementById('cards').appendChild(card);
  (globalThis.__tetherPinned ??= {})[id] = card;
  return card;
}

/** Takes a card out of the page (Tether sees it detached); it can be put back until the next GC. */
export function removeCard(id) {
  const card = document.getElementById(id);
  if (!card) return false;
  parked.set(id, card);
  card.remove();
  return true;
}

/** Puts a removed card back, if nothing let go of it yet. */
export function restoreCard(id) {
  const card = parked.get(id);
  if (!card) return false;
  parked.delete(id);
  document.getElementById('cards').appendChild(card);
  return true;
}

/**
 * Lets go of everything the page itself keeps (pins and parked cards), so only Tether's holds remain, and
 * asks the JS engine for a collection: gc() where the browser exposes it (--js-flags=--expose-gc), else a
 * burst of garbage that makes a collection likely soon. Answers whether gc() ran.
 */
export function forceGc() {
  globalThis.__tetherPinned = {};
  parked.clear();
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    return true;
  }
  let junk = [];
  for (let i = 0; i < 200; i++) junk.push(new Array(50_000).fill(i));
  junk = null;
  return false;
}

/** A canvas in the arena, for invoke-and-hold (getContext) and set (fillStyle). */
export function makeCanvas(id) {
  const canvas = document.createElement('canvas');
  canvas.id = id;
  canvas.width = 16;
  canvas.height = 16;
  document.getElementById('arena').appendChild(canvas);
  return canvas;
}
