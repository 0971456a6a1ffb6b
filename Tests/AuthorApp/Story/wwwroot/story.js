// The author's own JS: objects and elements to hold, and JS calling .NET back through tether.js.
import { callDotNet } from '../Tether.Interop/tether.js';

/** A plain object with a property, a method, and a method whose promise never settles. */
export function makeWidget(name) {
  return { name, add(a, b) { return a + b; }, hang() { return new Promise(() => {}); }, nameOf(x) { return describe(x); } };
}

function describe(x) {
  if (Array.isArray(x)) return `[${x.map(describe).join(',')}]`;
  if (x !== null && typeof x === 'object') return typeof x.name === 'string' ? x.name : JSON.stringify(x);
  return String(x);
}

/** An element in the page, removed later to be seen as detached. */
export function makeElement(id) {
  const element = document.createElement('span');
  element.id = id;
  document.body.appendChild(element);
  return element;
}

export function removeElement(id) { document.getElementById(id)?.remove(); }

/**
 * Asks V8 for a full collection (Chromium runs with --js-flags=--expose-gc), then yields so finalizers run.
 * It waits for a new task first: a WeakRef read in this task (the state check before) keeps its target alive
 * until the task ends, so a collection within it could not take it.
 */
export async function collect() {
  await new Promise((resolve) => setTimeout(resolve, 0));
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Calls an exposed .NET object through tether.js and answers the result as JSON text. A call that has not
 * answered after `patience` ms answers { state: 'no answer' }: the one outcome Tether must never give.
 */
export async function call(reference, patience, handle, method, ...args) {
  const late = new Promise((resolve) => setTimeout(() => resolve({ state: 'no answer' }), patience));
  return JSON.stringify(await Promise.race([callDotNet(reference, handle, method, ...args), late]));
}
