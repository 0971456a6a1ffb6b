// Test doubles for tether.js under node, which has no DOM: a tiny DOM (nodes with childNodes and
// isConnected, a document, a MutationObserver whose batches the test delivers by hand), a manual
// clock, and a fake DotNetObjectReference. install() puts the DOM on globalThis, so tether.js runs
// its real-DOM code paths (instanceof Node, new MutationObserver, document.body) against it.

export class FakeNode {
  /** How many times any node's isConnected was read: the work a detach check costs, seen from outside. */
  static connectedReads = 0;

  /** @param {string} [name] */
  constructor(name = 'node') {
    this.name = name;
    /** @type {FakeNode | null} */
    this.parentNode = null;
    /** @type {FakeNode[]} */
    this.childNodes = [];
  }

  get isConnected() {
    FakeNode.connectedReads += 1;
    return this.#root() instanceof FakeDocument;
  }

  /** Appends (moving it if it has a parent, as the DOM does: a removal record, then an addition). */
  appendChild(child) {
    if (child.parentNode) child.parentNode.removeChild(child);
    child.parentNode = this;
    this.childNodes.push(child);
    this.#record([child], []);
    return child;
  }

  removeChild(child) {
    const at = this.childNodes.indexOf(child);
    if (at < 0) throw new Error('not a child');
    this.childNodes.splice(at, 1);
    child.parentNode = null;
    this.#record([], [child]);
    return child;
  }

  remove() {
    this.parentNode?.removeChild(this);
  }

  #root() {
    /** @type {FakeNode} */
    let node = this;
    while (node.parentNode) node = node.parentNode;
    return node;
  }

  /** Queues a childList record for every observer watching an inclusive ancestor (subtree: true). */
  #record(addedNodes, removedNodes) {
    const root = this.#root();
    if (!(root instanceof FakeDocument)) return; // a detached subtree: nobody observes it
    for (const observer of root.observers) {
      if (observer.covers(this)) observer.queue.push({ type: 'childList', target: this, addedNodes, removedNodes });
    }
  }
}

export class FakeDocument extends FakeNode {
  constructor() {
    super('#document');
    /** @type {FakeMutationObserver[]} */
    this.observers = [];
    this.body = this.appendChild(new FakeNode('body'));
  }

  /** Delivers every observer's queued records as one batch, as the browser's microtask checkpoint does. */
  deliver() {
    for (const observer of [...this.observers]) observer.deliver();
  }
}

export class FakeMutationObserver {
  /** @param {(records: any[], observer: FakeMutationObserver) => void} callback */
  constructor(callback) {
    this.callback = callback;
    /** @type {FakeNode | undefined} */
    this.root = undefined;
    this.queue = [];
    /** @type {FakeDocument | undefined} */
    this.document = undefined;
  }

  observe(root, options) {
    if (!options?.childList || !options?.subtree) throw new Error('tether.js should observe childList, subtree');
    let top = root;
    while (top.parentNode) top = top.parentNode;
    if (!(top instanceof FakeDocument)) throw new Error('observe a node in the document');
    this.root = root;
    this.document = top;
    top.observers.push(this);
  }

  covers(node) {
    for (let n = node; n; n = n.parentNode) if (n === this.root) return true;
    return false;
  }

  disconnect() {
    if (this.document) this.document.observers = this.document.observers.filter((o) => o !== this);
    this.document = undefined;
    this.queue = [];
  }

  deliver() {
    if (this.queue.length === 0) return;
    const records = this.queue;
    this.queue = [];
    this.callback(records, this);
  }
}

/** Puts a fresh fake DOM on globalThis (Node, MutationObserver, document) and answers its document. */
export function installFakeDom() {
  globalThis.Node = FakeNode;
  globalThis.MutationObserver = FakeMutationObserver;
  globalThis.document = new FakeDocument();
  return globalThis.document;
}

/** A manual clock with the setTimeout/clearTimeout shape; advance() runs what falls due, in order. */
export class FakeClock {
  constructor() {
    this.now = 0;
    this.nextId = 1;
    /** @type {Map<number, { at: number, fn: () => void }>} */
    this.timers = new Map();
    this.setTimeout = (fn, ms = 0) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.now + ms, fn });
      return id;
    };
    this.clearTimeout = (id) => {
      this.timers.delete(id);
    };
  }

  /** How many timers are waiting. */
  get pending() {
    return this.timers.size;
  }

  /** When the earliest waiting timer falls due, or undefined. */
  get nextAt() {
    let at;
    for (const t of this.timers.values()) if (at === undefined || t.at < at) at = t.at;
    return at;
  }

  /** Moves time on by ms, running each timer that falls due at its own time (earliest first). */
  advance(ms = 0) {
    const end = this.now + ms;
    for (;;) {
      let next;
      for (const [id, t] of this.timers) if (t.at <= end && (next === undefined || t.at < next[1].at)) next = [id, t];
      if (next === undefined) break;
      this.timers.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
    }
    this.now = end;
  }
}

/** Lets every pending promise job run (a setImmediate callback runs after the microtask queue drains). */
export function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Moves the clock on by ms, one timer at a time, letting promise jobs run before each: a timer set by a
 * promise's handler (a retry after a rejected send) is then waiting when its time comes.
 * @param {FakeClock} clock
 * @param {number} ms
 */
export async function elapse(clock, ms) {
  const end = clock.now + ms;
  for (;;) {
    await settle();
    const at = clock.nextAt;
    if (at === undefined || at > end) break;
    clock.advance(at - clock.now);
  }
  clock.advance(end - clock.now);
  await settle();
}

/**
 * A fake DotNetObjectReference: records each invokeMethodAsync call (with the clock's time), and rejects
 * the first `failures` calls as a reconnecting circuit would.
 */
export class FakeDotNet {
  constructor(clock, failures = 0) {
    this.clock = clock;
    this.failures = failures;
    /** @type {{ at: number, method: string, args: any[] }[]} */
    this.calls = [];
  }

  invokeMethodAsync(method, ...args) {
    this.calls.push({ at: this.clock?.now ?? 0, method, args: structuredClone(args) });
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('circuit reconnecting'));
    }
    return Promise.resolve();
  }
}
