// JS objects and elements for the probe page. Each object is pinned on window.__tetherPinned until the
// test lets go of them (window.__tetherPinned = {}): before that, a GC that happens to run (a loaded
// machine) cannot collect a weakly held object early; after it, only Tether's weak hold is left.
export function makeObject(name) {
  const obj = { name, payload: new Array(1024).fill(name) };
  obj.chain = function chain() { return this; }; // fluent: answers itself, which cannot cross as JSON (see self)
  obj.self = obj; // a cycle: serialising the object would fail
  obj.nothing = () => undefined;
  obj.count = name.length;
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

/** Exposed .NET objects, called back by Tether handle. */
export function callDotNet(reference, handle, method, ...args) {
  return reference.invokeMethodAsync('InvokeExposed', handle, method, args);
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
