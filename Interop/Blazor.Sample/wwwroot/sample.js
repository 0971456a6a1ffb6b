// JS objects and elements for the probe page. It keeps no references of its own: whatever Tether holds
// weakly is free to be collected.
export function makeObject(name) {
  const obj = { name, payload: new Array(1024).fill(name) };
  obj.chain = function chain() { return this; }; // fluent: answers itself, which cannot cross as JSON (see self)
  obj.self = obj; // a cycle: serialising the object would fail
  obj.nothing = () => undefined;
  return obj;
}

export function makeElement(id) {
  const element = document.createElement('span');
  element.id = id;
  element.textContent = id;
  document.getElementById('arena').appendChild(element);
  return element;
}

/** Exposed .NET objects, called back by Tether handle. */
export function callDotNet(reference, handle, method, ...args) {
  return reference.invokeMethodAsync('InvokeExposed', handle, method, args);
}
