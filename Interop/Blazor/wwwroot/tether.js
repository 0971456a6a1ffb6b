// tether.js: a generational handle table for JS objects and DOM elements, held strongly or loosely.
// Plain modern JS with JSDoc types; no bundler. Shipped as _content/Tether.Interop/tether.js.
//
// A handle is a positive safe integer: generation * 2^20 + slot. A slot never reissues a generation,
// so a stale handle never reaches a newer object. Each slot also keeps a numeric type tag given at hold;
// an operation that expects another (non-zero) tag gets 'wrongtype' and does nothing, so a handle of
// one kind of object is never used as another.
//
// Correctness never depends on finalization: every deref checks the WeakRef (and, for elements,
// isConnected). Notices are only an optimisation, batched into one call per turn: 'collected' from a
// FinalizationRegistry, 'detached' from a MutationObserver that looks only at the subtrees a mutation
// added or removed (its cost is the mutation's size, not the table's). An element that comes back is
// re-armed, so each departure is told. A batch the receiver rejects (a circuit reconnecting) is retried
// with backoff until the table is disposed, and each send carries only what is still true.
//
// The entry points .NET calls never throw, whatever they are given: an unknown or disposed table id is
// answered as 'disposed' (hold: -10), errors in page objects as { state: 'error', message }.

/** @typedef {'alive' | 'collected' | 'detached' | 'dropped' | 'unknown' | 'wrongtype' | 'disposed'} HandleState */
/** @typedef {{ state: HandleState, value?: any }} Deref value is there only when alive or detached */
/** @typedef {{ collected: number[], detached: number[] }} NoticeBatch */
/**
 * The answer of invoke and getProperty: { state: 'alive', value? } or any other HandleState alone, or
 * { state: 'error', message } when the page's object threw.
 * @typedef {{ state: HandleState | 'error', value?: any, message?: string }} CallAnswer
 */
/** @typedef {{ live: number, strong: number, weak: number, free: number }} Counts */

const SLOT_BITS = 20;
const SLOTS = 2 ** SLOT_BITS;
const MAX_GENERATION = 2 ** 32 - 1; // handle < 2^52: always a safe integer

/**
 * One slot: the current generation, and either a strong value, a WeakRef, or nothing (free). `node` says
 * the value is a DOM node (decided once, at hold), so deref and drop need no instanceof check.
 * `type` is the tag given at hold (0 = untagged).
 * @typedef {{ generation: number, type: number, strong?: any, weak?: WeakRef<any>, live: boolean, node: boolean, collectedSent: boolean, detachedSent: boolean }} Slot
 */

export class HandleTable {
  /**
   * onNotices gets each batch; when it answers a promise that rejects (or throws), the batch is queued
   * again and retried after retryDelay ms, doubling up to maxRetryDelay, until dispose. timers stands in
   * for setTimeout/clearTimeout (tests pass a manual clock).
   * @param {{ onNotices?: (batch: NoticeBatch) => unknown, capacity?: number, retryDelay?: number,
   *   maxRetryDelay?: number, timers?: Timers }} [options]
   */
  constructor(options = {}) {
    /** @type {Slot[]} */
    this.slots = [];
    /** @type {number[]} */
    this.free = [];
    this.live = 0;
    this.capacity = Math.min(options.capacity ?? SLOTS, SLOTS);
    this.onNotices = options.onNotices;
    // Sets: a handle is in the pending batch at most once per kind, however often it is queued.
    /** @type {{ collected: Set<number>, detached: Set<number> }} */
    this.pending = { collected: new Set(), detached: new Set() };
    this.timers = validTimers(options.timers);
    this.retryDelay = positive(options.retryDelay, 250);
    this.maxRetryDelay = Math.max(positive(options.maxRetryDelay, 30_000), this.retryDelay);
    /** The wait before the next retry: retryDelay again after any batch goes through. */
    this.nextRetryDelay = this.retryDelay;
    /** The one flush timer (a turn's batch, or a retry); undefined when none is set. */
    this.flushTimer = undefined;
    this.backingOff = false;
    this.registry = new FinalizationRegistry((handle) => this.#finalized(handle));
    /** @type {MutationObserver | undefined} */
    this.observer = undefined;
    // Held nodes -> their current handles, so a mutation batch looks up only the nodes it touched.
    // A WeakMap: a weakly held element stays collectable, and a collected one's entry goes with it.
    /** @type {WeakMap<object, Set<number>>} */
    this.nodes = new WeakMap();
    // Live slots holding a node (one whose node was collected counts until dropped): zero skips all work.
    this.heldNodes = 0;
    /** Work counters, for tests: `visited` counts nodes looked up by detach checks. */
    this.stats = { visited: 0 };
    this.disposed = false;
  }

  /**
   * Holds an object; returns its handle, or a negative code (-7 table full, -8 null, -10 disposed,
   * -11 an unrendered Blazor ElementReference).
   * @param {any} value
   * @param {boolean} [weak]
   * @param {number} [type] a type tag every later operation can insist on; 0 = untagged. A tag that is
   *   not a safe integer is held as 0, so it can never match a typed request by accident.
   * @returns {number}
   */
  hold(value, weak = false, type = 0) {
    // After dispose nothing would ever drop or report it: refuse rather than leak a strong hold.
    if (this.disposed) return -10;
    if (value === null || value === undefined) return -8;
    if (isUnrenderedElementReference(value)) return -11;
    // Both checks may run page code (a Proxy's traps), which may call back into this table: they come
    // before any slot is taken, and the table is judged again after them.
    const node = isNode(value);
    if (this.disposed) return -10;
    if (this.live >= this.capacity) return -7;
    let index = this.free.pop();
    if (index === undefined) {
      if (this.slots.length >= SLOTS) return -7;
      index = this.slots.length;
      this.slots.push({ generation: 0, type: 0, live: false, node: false, collectedSent: false, detachedSent: false });
    }
    const slot = this.slots[index];
    slot.generation += 1;
    slot.live = true;
    slot.type = Number.isSafeInteger(type) ? type : 0;
    slot.collectedSent = false;
    slot.detachedSent = false;
    slot.node = node;
    const handle = slot.generation * SLOTS + index;
    this.#setHold(slot, handle, value, weak);
    if (slot.node) this.#watch(value, handle);
    this.live += 1;
    return handle;
  }

  /**
   * What a handle refers to now. A current handle whose tag is not the expected one answers 'wrongtype'
   * before anything else (not even whether its object lives), and nothing is done with it.
   * @param {number} handle
   * @param {number} [type] the expected tag; 0 = any. Anything but the slot's own tag (or 0) is wrong,
   *   strictly: '7', 7.5 or NaN never match 7.
   * @returns {Deref}
   */
  deref(handle, type = 0) {
    const slot = this.#slot(handle);
    if (slot === undefined) return { state: 'unknown' };
    if (!slot.live || slot.generation !== generationOf(handle)) return { state: 'dropped' };
    if (type !== 0 && type !== slot.type) return { state: 'wrongtype' };
    const value = slot.strong ?? slot.weak?.deref();
    if (value === undefined) return { state: 'collected' };
    if (slot.node) {
      if (!connected(value)) return { state: 'detached', value };
      // Back in the document: its next departure is a new one, and gets its own notice.
      slot.detachedSent = false;
    }
    return { state: 'alive', value };
  }

  /** @param {number} handle @param {number} [type] @returns {HandleState} */
  state(handle, type = 0) {
    return this.deref(handle, type).state;
  }

  /**
   * Ends a handle; answers the state it had ('dropped' or 'unknown' when it was not current,
   * 'wrongtype', and still held, when its tag is not the expected one).
   * @param {number} handle
   * @param {number} [type]
   * @returns {HandleState}
   */
  drop(handle, type = 0) {
    const d = this.deref(handle, type);
    const state = d.state;
    if (state === 'dropped' || state === 'unknown' || state === 'wrongtype') return state;
    const index = handle % SLOTS;
    const slot = this.slots[index];
    // The deref read a held node's isConnected, page code that may have dropped this handle meanwhile.
    if (!this.#current(slot, handle)) return 'dropped';
    if (slot.node) {
      this.heldNodes -= 1;
      // A collected node has no entry left to clean (nor any way to reach it).
      if (d.value !== undefined) this.#unwatch(d.value, handle);
    }
    if (slot.weak) this.registry.unregister(slot);
    slot.strong = undefined;
    slot.weak = undefined;
    slot.live = false;
    this.live -= 1;
    if (slot.generation < MAX_GENERATION) this.free.push(index); // else retired for good
    return state;
  }

  /**
   * Ends many handles in one call; answers each one's state (anything but an array ends nothing, and so
   * does an array whose elements cannot all be read: see readArray).
   * @param {number[]} handles
   * @param {number} [type]
   * @returns {HandleState[]}
   */
  dropMany(handles, type = 0) {
    const read = readArray(handles);
    if (read === undefined) return [];
    return read.map((h) => this.drop(h, type));
  }

  /**
   * Holds weakly from now on. (Neither this nor tighten touches the node map: it keys the node itself,
   * weakly, whatever the hold.)
   * @param {number} handle @param {number} [type] @returns {HandleState}
   */
  loosen(handle, type = 0) {
    const d = this.deref(handle, type);
    if (d.state !== 'alive' && d.state !== 'detached') return d.state;
    const slot = this.slots[handle % SLOTS];
    if (!this.#current(slot, handle)) return 'dropped'; // see drop
    if (slot.strong !== undefined) this.#setHold(slot, handle, slot.strong, true);
    return d.state;
  }

  /** Holds strongly again, if the object still lives. @param {number} handle @param {number} [type] @returns {HandleState} */
  tighten(handle, type = 0) {
    const d = this.deref(handle, type);
    if (d.state !== 'alive' && d.state !== 'detached') return d.state;
    const slot = this.slots[handle % SLOTS];
    if (!this.#current(slot, handle)) return 'dropped'; // see drop
    if (slot.weak) {
      this.registry.unregister(slot);
      this.#setHold(slot, handle, d.value, false);
    }
    return d.state;
  }

  /**
   * The tag a current handle was held with; 0 for one that is not current (or was held untagged).
   * @param {number} handle @returns {number}
   */
  typeOf(handle) {
    const slot = this.#slot(handle);
    if (slot === undefined || !slot.live || slot.generation !== generationOf(handle)) return 0;
    return slot.type;
  }

  /** @returns {Counts} */
  counts() {
    let strong = 0;
    let weak = 0;
    for (const slot of this.slots) {
      if (!slot.live) continue;
      if (slot.strong !== undefined) strong += 1;
      else weak += 1;
    }
    return { live: this.live, strong, weak, free: this.capacity - this.live };
  }

  /**
   * Watches a subtree: when held elements leave the document, 'detached' notices go out before any GC.
   * A notice marks a departure the observer saw; an element held while already out of the document
   * says 'detached' to every deref but has no notice until it has come in and left.
   * @param {Node} root
   */
  watchDetached(root) {
    if (typeof MutationObserver === 'undefined' || this.observer) return;
    this.observer = new MutationObserver((records) => this.#checkMutations(records));
    this.observer.observe(root, { childList: true, subtree: true });
  }

  /** Stops everything: every handle is dropped, pending notices too (and their retries), the observer disconnected. */
  dispose() {
    this.disposed = true;
    this.observer?.disconnect();
    if (this.flushTimer !== undefined) this.timers.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = { collected: new Set(), detached: new Set() };
    for (let index = 0; index < this.slots.length; index++) {
      const slot = this.slots[index];
      if (slot.live) this.drop(slot.generation * SLOTS + index);
    }
    this.onNotices = undefined;
  }

  #setHold(slot, handle, value, weak) {
    if (weak && typeof value === 'object' || weak && typeof value === 'function') {
      slot.strong = undefined;
      slot.weak = new WeakRef(value);
      this.registry.register(value, handle, slot);
    } else {
      slot.strong = value;
      slot.weak = undefined;
    }
  }

  /**
   * Whether a handle a deref found current still is: the deref may have run page code (a held node's
   * isConnected getter) that dropped it, and maybe held another object in its slot.
   * @param {Slot} slot @param {number} handle
   */
  #current(slot, handle) {
    return slot.live && slot.generation === generationOf(handle);
  }

  #slot(handle) {
    if (!Number.isSafeInteger(handle) || handle <= 0) return undefined;
    const index = handle % SLOTS;
    const generation = generationOf(handle);
    const slot = this.slots[index];
    if (slot === undefined || generation === 0 || generation > slot.generation) return undefined;
    return slot;
  }

  #finalized(handle) {
    // Only a handle that is still current and weak, and whose target is really gone, is reported.
    if (this.state(handle) !== 'collected') return;
    const slot = this.slots[handle % SLOTS];
    if (slot.collectedSent) return;
    slot.collectedSent = true;
    this.#queue('collected', handle);
  }

  #watch(node, handle) {
    const handles = this.nodes.get(node);
    if (handles) handles.add(handle);
    else this.nodes.set(node, new Set([handle]));
    this.heldNodes += 1;
  }

  #unwatch(node, handle) {
    const handles = this.nodes.get(node);
    if (!handles) return;
    handles.delete(handle);
    if (handles.size === 0) this.nodes.delete(node);
  }

  /**
   * Checks only what a mutation batch touched: the subtrees of its removed and added nodes. A held
   * element can only leave (or come back to) the document inside one of them. Each node found held is
   * judged by its state now, not by which list it came in: a subtree removed and re-added in the same
   * batch is connected, and the deref that says so re-arms its detached notice.
   * @param {MutationRecord[]} records
   */
  #checkMutations(records) {
    if (this.heldNodes === 0) return;
    for (const record of records) {
      for (const node of record.removedNodes) this.#checkSubtree(node);
      for (const node of record.addedNodes) this.#checkSubtree(node);
    }
  }

  /** Pre-order, in document order, so notices follow the page's order; iterative, so depth is no limit. */
  #checkSubtree(root) {
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      this.stats.visited += 1;
      const handles = this.nodes.get(node);
      // One hostile element (a throwing getter the page put on it) must not hide the others' departures.
      if (handles) for (const handle of handles) {
        try {
          this.#checkDetached(handle);
        } catch {
          // judged again on its next use, which answers a state either way
        }
      }
      // The list is the page's too (a childNodes getter it redefined): its length and elements are read
      // inside the try, so a list that cannot be read ends this node's walk, not the batch's.
      try {
        const children = childrenOf(node);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      } catch {
        // a node whose children cannot be read: nothing held below it (or nothing more) can be found this way
      }
    }
  }

  #checkDetached(handle) {
    if (this.state(handle) !== 'detached') return;
    const slot = this.slots[handle % SLOTS];
    if (slot.detachedSent) return;
    slot.detachedSent = true;
    this.#queue('detached', handle);
  }

  #queue(kind, handle) {
    if (this.disposed) return;
    this.pending[kind].add(handle);
    // One batch per turn; while backing off, the retry's timer is already set and takes these along.
    if (this.flushTimer === undefined) this.#schedule(0);
  }

  #schedule(ms) {
    this.flushTimer = this.timers.setTimeout(() => {
      this.flushTimer = undefined;
      this.backingOff = false;
      this.#flush();
    }, ms);
  }

  #flush() {
    // Judged now, not when queued: a notice may have waited through retries, and .NET must not hear
    // of a handle it dropped meanwhile, nor of an element as detached that has come back.
    const batch = { collected: this.#still('collected'), detached: this.#still('detached') };
    this.pending = { collected: new Set(), detached: new Set() };
    if (batch.collected.length + batch.detached.length === 0) return;
    // A detached element re-armed by a deref while its notice waited is being told of now.
    for (const handle of batch.detached) this.slots[handle % SLOTS].detachedSent = true;
    let sent;
    try {
      sent = this.onNotices?.(batch);
    } catch (e) {
      sent = Promise.reject(e);
    }
    // Promise.resolve also turns a thenable whose then throws into a rejection.
    Promise.resolve(sent).then(
      () => {
        this.nextRetryDelay = this.retryDelay;
      },
      () => this.#retry(batch),
    );
  }

  /** @param {'collected' | 'detached'} kind @returns {number[]} */
  #still(kind) {
    const handles = [];
    for (const handle of this.pending[kind]) if (this.state(handle) === kind) handles.push(handle);
    return handles;
  }

  /** The receiver is away (a circuit reconnecting): keep the batch, and try again after a backoff. */
  #retry(batch) {
    if (this.disposed) return;
    // The older notices go first, ahead of any queued since.
    this.pending = {
      collected: new Set([...batch.collected, ...this.pending.collected]),
      detached: new Set([...batch.detached, ...this.pending.detached]),
    };
    if (this.backingOff) return; // another rejected batch already set the retry
    // A flush due this turn would only fail again: the retry replaces it.
    if (this.flushTimer !== undefined) this.timers.clearTimeout(this.flushTimer);
    this.backingOff = true;
    const delay = this.nextRetryDelay;
    this.nextRetryDelay = Math.min(delay * 2, this.maxRetryDelay);
    this.#schedule(delay);
  }
}

/** @typedef {{ setTimeout: (fn: () => void, ms: number) => any, clearTimeout: (timer: any) => void }} Timers */

/**
 * The given timers if both are functions, else the global ones. Always called through arrow functions:
 * a browser's setTimeout called as a method of another object throws "Illegal invocation".
 * @param {any} timers @returns {Timers}
 */
function validTimers(timers) {
  if (typeof readOption(timers, 'setTimeout') === 'function' && typeof readOption(timers, 'clearTimeout') === 'function') {
    return { setTimeout: (fn, ms) => timers.setTimeout(fn, ms), clearTimeout: (t) => timers.clearTimeout(t) };
  }
  return { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (t) => clearTimeout(t) };
}

/**
 * A copy of an array's elements, each read once; undefined for anything but an array, and for an array
 * whose elements cannot all be read (a throwing getter, a Proxy whose traps throw: only page script can
 * make one). Then nothing is done with any of them, rather than with the ones before the throw.
 * @param {any} value @returns {any[] | undefined}
 */
function readArray(value) {
  try {
    if (!Array.isArray(value)) return undefined;
    // By index, as map reads it (Array.from would take an iterator the page may have replaced).
    const copy = new Array(value.length);
    for (let i = 0; i < copy.length; i++) copy[i] = value[i];
    return copy;
  } catch {
    return undefined;
  }
}

/**
 * Reads one property of a caller's object; undefined when the object has none or its getter (or Proxy
 * trap) throws, so an option that cannot be read is an option not given.
 * @param {any} value @param {string} name
 */
function readOption(value, name) {
  try {
    return value?.[name];
  } catch {
    return undefined;
  }
}

/** @param {any} value @param {number} fallback */
function positive(value, fallback) {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** @param {number} handle */
function generationOf(handle) {
  return Math.floor(handle / SLOTS);
}

/**
 * Blazor's JSON reviver turns an ElementReference into its element only when its id is set; one that
 * was never rendered arrives as the plain object { __internalId: null }. Holding that would hand .NET a
 * live handle to nothing it meant. Only an own property counts, and a Proxy whose trap throws is not one.
 * @param {any} value
 */
function isUnrenderedElementReference(value) {
  if (typeof value !== 'object') return false;
  try {
    return Object.hasOwn(value, '__internalId');
  } catch {
    return false;
  }
}

/**
 * Whether a held node is in the document. A getter the page redefined to throw answers "connected":
 * the handle stays usable (its calls answer their own errors), and nothing throws out of a deref.
 * @param {any} node
 */
function connected(node) {
  try {
    return node.isConnected !== false;
  } catch {
    return true;
  }
}

/**
 * Whether to watch a value as a DOM node: decided once, at hold. A Proxy passes instanceof Node (or
 * throws from a getPrototypeOf trap), but reading isConnected through it throws "Illegal invocation";
 * such a value is held as a plain object, so no later deref can throw.
 * @param {any} value
 */
function isNode(value) {
  if (typeof Node === 'undefined' || typeof value !== 'object') return false;
  try {
    if (!(value instanceof Node)) return false;
    void value.isConnected;
    return true;
  } catch {
    return false;
  }
}

/**
 * A node's children for the detach walk, including an open shadow root: removing a host takes the
 * elements of its shadow tree out of the document too. (A closed shadow root cannot be reached.)
 * @param {Node} node
 * @returns {ArrayLike<Node>}
 */
function childrenOf(node) {
  const shadow = /** @type {any} */ (node).shadowRoot;
  return shadow ? [shadow, ...node.childNodes] : node.childNodes;
}

// ---- the .NET side's entry points (Microsoft.JSInterop) -------------------------------------------

/** @type {Map<number, HandleTable>} */
const tables = new Map();
/** Which table each .NET service made, by its token: lets .NET dispose a table whose id it never learnt. @type {Map<string, number>} */
const tablesByToken = new Map();
/** What a handle of a missing table derefs to. @type {Deref} */
const DISPOSED = Object.freeze({ state: 'disposed' });
let nextTable = 1;
/**
 * Each table's brand (see createTable), where no page script can read it: only a handle marker that
 * carries it is revived. A table with no entry revives no marker. @type {WeakMap<HandleTable, string>}
 */
const brands = new WeakMap();
/** The shortest brand a table takes: .NET's is 16 random bytes as 32 hex digits. */
const MIN_BRAND = 32;

/**
 * Makes a table whose notices go to a .NET object (a DotNetObjectReference) in one call per batch,
 * as OnNotices(token, collected, detached).
 * @param {any} dotnet
 * @param {boolean} watchDom
 * @param {string} token proves to .NET that a notice comes from this table's creator. It lives only in
 *   this closure: no property of anything page script can reach holds it.
 * @param {string} brand proves that a handle marker among a call's arguments was written by the .NET
 *   service that made this table, not by whoever wrote the data it forwards: markers are JSON, so data
 *   shaped like one would otherwise name any held object (see reviveMarkers). .NET draws it at random, one
 *   per service (per circuit), and sends it only here and in its own markers. Anything but a string of at
 *   least MIN_BRAND characters gives a table that revives no marker at all, rather than one whose
 *   markers a guess could forge.
 * @param {{ retryDelay?: number, maxRetryDelay?: number, timers?: Timers }} [options] for tests: the
 *   backoff of retried notices (250 ms doubling to 30 s) and the timers that run it.
 */
export function createTable(dotnet, watchDom, token, brand, options) {
  const id = nextTable++;
  // The send function is taken now, once: a page script that patches the prototype later does not see
  // the token go by. (One that patched Blazor's functions before this module ran controls the page; the
  // docs say so: notices are advisory, every use checks the handle's state itself.)
  // A getter (or Proxy trap) that throws is a reference that cannot be called, as one without the method.
  const method = readOption(dotnet, 'invokeMethodAsync');
  const send = typeof method === 'function' ? method : undefined;
  const table = new HandleTable({
    // A rejection (a circuit reconnecting) reaches the table, which retries the batch until disposeTable.
    onNotices: (batch) => {
      if (send === undefined) throw new Error('the .NET reference cannot be called'); // retried like a rejection
      return send.call(dotnet, 'OnNotices', token, batch.collected, batch.detached);
    },
    retryDelay: readOption(options, 'retryDelay'),
    maxRetryDelay: readOption(options, 'maxRetryDelay'),
    timers: readOption(options, 'timers'),
  });
  if (watchDom && typeof document !== 'undefined') table.watchDetached(document.body ?? document);
  if (typeof brand === 'string' && brand.length >= MIN_BRAND) brands.set(table, brand);
  tables.set(id, table);
  if (typeof token === 'string') tablesByToken.set(token, id);
  return id;
}

/** Disposes a table; an unknown or already disposed id is a no-op. @param {number} id */
export function disposeTable(id) {
  tables.get(id)?.dispose();
  tables.delete(id);
  for (const [token, tableId] of tablesByToken) if (tableId === id) tablesByToken.delete(token);
}

/**
 * Disposes the table made with this token: .NET calls it when its createTable call gave up (a timeout)
 * and so never learnt the id, which a late createTable may still have made. Unknown tokens are a no-op.
 * @param {string} token
 */
export function disposeTableByToken(token) {
  const id = tablesByToken.get(token);
  if (id !== undefined) disposeTable(id);
}

// An unknown table id is answered as a disposed table: a throw would surface in .NET as a JSException,
// and the only ways to get one are a call racing disposeTable or a forged id. Map.get takes any value.
/** @param {number} id @returns {HandleTable | undefined} */
function tableOf(id) {
  return tables.get(id);
}

/**
 * Answers a handle, or -7 full, -8 null, -10 no such table (unknown or disposed), -11 an unrendered
 * ElementReference. A tag that is not a safe integer is held as 0 (untagged).
 * @param {number} id @param {any} value @param {boolean} weak @param {number} type @returns {number}
 */
export function hold(id, value, weak, type) {
  return tableOf(id)?.hold(value, weak, type) ?? -10;
}

/**
 * Calls a method through a handle (awaiting it, if it answers a promise); only an alive handle calls. Answers { state: 'alive' }
 * when wantValue is not exactly true: the result is never serialised, since a fluent method's `this`, a
 * DOM node or a circular structure would throw in Blazor's JSON writer, out of reach of this catch.
 * With wantValue true, { state: 'alive', value }, an undefined result as value: null (so the .NET side
 * always finds the property). Errors answer { state: 'error', message }; nothing is thrown. Arguments that
 * are handle markers of this table ({ __tetherHandle, __tetherType, __tetherBrand }) reach the method as
 * the objects they hold.
 * @param {number} id @param {number} handle @param {number} type @param {string} method @param {any[]} args
 * @param {boolean} wantValue
 * @returns {Promise<CallAnswer>}
 */
export async function invoke(id, handle, type, method, args, wantValue) {
  const called = callThrough(id, handle, type, method, reviveMarkers(tableOf(id), args));
  if (called.state !== 'alive') return called;
  try {
    const result = await called.value;
    if (wantValue !== true) return { state: 'alive' };
    return { state: 'alive', value: result === undefined ? null : result };
  } catch (e) {
    return { state: 'error', message: describe(e) };
  }
}

/**
 * invoke without the wait, for synchronous in-process interop (WebAssembly): the same answers, but a
 * method that answers a promise is an error when its value is wanted (nothing here can wait for it), and
 * is left to run when it is not (its rejection is caught, so it is never an unhandled one).
 * @param {number} id @param {number} handle @param {number} type @param {string} method @param {any[]} args
 * @param {boolean} wantValue
 * @returns {CallAnswer}
 */
export function invokeSync(id, handle, type, method, args, wantValue) {
  const called = callThrough(id, handle, type, method, reviveMarkers(tableOf(id), args));
  if (called.state !== 'alive') return called;
  if (isThenable(called.value)) {
    quiet(called.value);
    if (wantValue === true) return { state: 'error', message: `${nameOf(method)} answered a promise: use the async member` };
  }
  if (wantValue !== true) return { state: 'alive' };
  return { state: 'alive', value: called.value === undefined ? null : called.value };
}

/**
 * Calls a method through a handle and holds its result in the same table, tagged resultType, weakly when
 * weak is exactly true (awaiting a promise first). Answers { state: 'alive', value: handle } or, for a
 * result hold refuses, value: the hold code (-7 full, -10 disposed meanwhile, -11 unrendered reference); a
 * null or undefined result is { state: 'alive', value: null } and nothing is held.
 * @param {number} id @param {number} handle @param {number} type @param {string} method @param {any[]} args
 * @param {boolean} weak @param {number} resultType
 * @returns {Promise<CallAnswer>}
 */
export async function invokeAndHold(id, handle, type, method, args, weak, resultType) {
  const called = callThrough(id, handle, type, method, reviveMarkers(tableOf(id), args));
  if (called.state !== 'alive') return called;
  try {
    const result = await called.value;
    return { state: 'alive', value: holdResult(id, result, weak, resultType) };
  } catch (e) {
    return { state: 'error', message: describe(e) };
  }
}

/**
 * invokeAndHold without the wait, for synchronous in-process interop: a method that answers a promise is
 * an error (its rejection caught), and nothing is held.
 * @param {number} id @param {number} handle @param {number} type @param {string} method @param {any[]} args
 * @param {boolean} weak @param {number} resultType
 * @returns {CallAnswer}
 */
export function invokeAndHoldSync(id, handle, type, method, args, weak, resultType) {
  const called = callThrough(id, handle, type, method, reviveMarkers(tableOf(id), args));
  if (called.state !== 'alive') return called;
  if (isThenable(called.value)) {
    quiet(called.value);
    return { state: 'error', message: `${nameOf(method)} answered a promise: use the async member` };
  }
  return { state: 'alive', value: holdResult(id, called.value, weak, resultType) };
}

/**
 * Sets a property through an alive handle; a handle marker sets the object it holds. Answers
 * { state: 'alive' }, another state, or { state: 'error', message } (a frozen object, a throwing setter).
 * @param {number} id @param {number} handle @param {number} type @param {string} name @param {any} value
 * @returns {CallAnswer}
 */
export function setProperty(id, handle, type, name, value) {
  const table = tableOf(id);
  const d = table?.deref(handle, type) ?? DISPOSED;
  if (d.state !== 'alive') return { state: d.state };
  const revived = reviveMarkers(table, [value]);
  if (revived.error !== undefined) return { state: 'error', message: revived.error.replace('argument 1', 'the value') };
  try {
    d.value[name] = revived.args[0];
    return { state: 'alive' };
  } catch (e) {
    return { state: 'error', message: describe(e) };
  }
}

/**
 * Reads a property through an alive handle: { state: 'alive', value } (the value as is, undefined too).
 * @param {number} id @param {number} handle @param {number} type @param {string} name
 * @returns {CallAnswer}
 */
export function getProperty(id, handle, type, name) {
  const d = tableOf(id)?.deref(handle, type) ?? DISPOSED;
  if (d.state !== 'alive') return { state: d.state };
  try {
    return { state: 'alive', value: d.value[name] };
  } catch (e) {
    return { state: 'error', message: describe(e) };
  }
}

/**
 * Calls the method without waiting for anything: { state: 'alive', value } with the result as it came
 * (a promise too), another state, or an error. revived is what reviveMarkers answered.
 * @param {number} id @param {number} handle @param {number} type @param {any} method
 * @param {{ args: any, error?: string }} revived
 * @returns {CallAnswer}
 */
function callThrough(id, handle, type, method, revived) {
  const d = tableOf(id)?.deref(handle, type) ?? DISPOSED;
  if (d.state !== 'alive') return { state: d.state };
  if (revived.error !== undefined) return { state: 'error', message: revived.error };
  try {
    const fn = d.value[method];
    if (typeof fn !== 'function') return { state: 'error', message: `${nameOf(method)} is not a function` };
    return { state: 'alive', value: fn.apply(d.value, revived.args ?? []) };
  } catch (e) {
    return { state: 'error', message: describe(e) };
  }
}

// ---- handles as arguments ---------------------------------------------------------------------------

/**
 * Replaces each argument that is a handle marker of this table, { __tetherHandle: handle, __tetherType:
 * tag, __tetherBrand: the table's brand } (own properties, as .NET's HandleMarker writes them), by the
 * object its handle holds, checked against the tag; a marker whose handle is not current, or is held as
 * another type, answers { error: 'argument N is dropped' } (N from 1) and nothing is called. A detached
 * element is passed: handing it back to the document is what one does with it.
 *
 * Anything else is an argument like any other, passed as it came, however much it looks like a marker:
 * a .NET caller forwarding JSON it did not write (a server's, a user's) sends it as is, and its author
 * cannot know the brand. Passing it on loses nothing: it is the caller's data, exactly as sent. Refusing
 * it (as the 'argument N is ...' errors refuse a real marker's dead handle) would make data with these
 * property names unsendable, and let whoever wrote the data make the call fail.
 * Anything but an array is left as it is (apply then answers its own error). Never throws: an array whose
 * elements cannot be read (a throwing getter, a Proxy whose traps throw; only page script can make one)
 * answers { error } with what it threw, which the caller reports as it reports a method that threw.
 * @param {HandleTable | undefined} table @param {any} args
 * @returns {{ args: any, error?: string }}
 */
function reviveMarkers(table, args) {
  const brand = table === undefined ? undefined : brands.get(table);
  try {
    if (!Array.isArray(args)) return { args };
    let revived;
    for (let i = 0; i < args.length; i++) {
      const marker = markerOf(args[i], brand);
      if (marker === undefined) continue;
      const d = table?.deref(marker.handle, marker.type) ?? DISPOSED;
      if (d.state !== 'alive' && d.state !== 'detached') return { args, error: `argument ${i + 1} is ${describeState(d.state)}` };
      revived ??= args.slice();
      revived[i] = d.value;
    }
    return { args: revived ?? args };
  } catch (e) {
    return { args, error: describe(e) };
  }
}

/**
 * The flat form the [JSImport] path uses: args hold handles as plain numbers, and markers lists
 * [index, tag, index, tag, ...] of the ones that are handles. Same answers as reviveMarkers (an array
 * whose elements cannot be read, args or markers, is an { error } too). It needs no brand: nothing is
 * revived by its shape, only the indices .NET lists in markers, which it fills from its own handles alone
 * (JsArguments.TryFlat); an argument shaped like a marker is data here.
 * @param {HandleTable | undefined} table @param {any} args @param {any} markers
 * @returns {{ args: any, error?: string }}
 */
function reviveFlat(table, args, markers) {
  try {
    // markers come from .NET's double[] as a Float64Array (the marshaller's copy), from tests as an array.
    if (!Array.isArray(args) || !(Array.isArray(markers) || markers instanceof Float64Array) || markers.length === 0) return { args };
    const revived = args.slice();
    for (let m = 0; m + 1 < markers.length; m += 2) {
      const i = markers[m];
      if (!Number.isSafeInteger(i) || i < 0 || i >= args.length) return { args, error: `marker ${m / 2 + 1} names no argument` };
      const d = table?.deref(args[i], markers[m + 1]) ?? DISPOSED;
      if (d.state !== 'alive' && d.state !== 'detached') return { args, error: `argument ${i + 1} is ${describeState(d.state)}` };
      revived[i] = d.value;
    }
    return { args: revived };
  } catch (e) {
    return { args, error: describe(e) };
  }
}

/**
 * A method's name for a message. The caller's value is converted again here, after the lookup already
 * converted it: an object whose toString throws (or answers otherwise) the second time is 'the method'.
 * @param {any} method
 */
function nameOf(method) {
  try {
    return String(method);
  } catch {
    return 'the method';
  }
}

/** @param {HandleState} state */
function describeState(state) {
  return state === 'wrongtype' ? 'held as another type' : state;
}

/**
 * A marker's handle and tag, or undefined for any other value: one without its own handle, tag and brand
 * properties, one whose brand is not the table's (or a table with no brand), and a Proxy whose traps throw.
 * @param {any} value @param {string | undefined} brand the table's
 * @returns {{ handle: any, type: any } | undefined}
 */
function markerOf(value, brand) {
  if (brand === undefined || value === null || typeof value !== 'object') return undefined;
  try {
    if (!Object.hasOwn(value, '__tetherBrand') || !Object.hasOwn(value, '__tetherHandle') || !Object.hasOwn(value, '__tetherType')) return undefined;
    if (value.__tetherBrand !== brand) return undefined;
    return { handle: value.__tetherHandle, type: value.__tetherType };
  } catch {
    return undefined;
  }
}

/** Whether a value is a promise (or any thenable); a throwing `then` getter says it is not. @param {any} value */
function isThenable(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return typeof value.then === 'function';
  } catch {
    return false;
  }
}

/** Catches a promise's rejection nobody waits for, so it is never reported as unhandled. @param {any} value */
function quiet(value) {
  try {
    Promise.resolve(value).catch(() => {});
  } catch {
    // a thenable that cannot even be resolved: nothing is pending then
  }
}

/**
 * Holds a call's result for invokeAndHold: the handle, a hold code, or null for no result.
 * @param {number} id @param {any} result @param {any} weak @param {number} resultType
 */
function holdResult(id, result, weak, resultType) {
  if (result === null || result === undefined) return null;
  return hold(id, result, weak === true, resultType);
}

/** @param {number} id @param {number} handle @param {number} type @returns {HandleState} */
export function state(id, handle, type) {
  return tableOf(id)?.state(handle, type) ?? 'disposed';
}

/**
 * Drops each handle expecting the one tag; answers each one's state before (a missing table: 'disposed'
 * for each; anything but an array: []).
 * @param {number} id @param {number[]} handles @param {number} type @returns {HandleState[]}
 */
export function dropMany(id, handles, type) {
  return tableOf(id)?.dropMany(handles, type) ?? (readArray(handles)?.map(() => 'disposed') ?? []);
}

/** @param {number} id @param {number} handle @param {number} type @returns {HandleState} */
export function loosen(id, handle, type) {
  return tableOf(id)?.loosen(handle, type) ?? 'disposed';
}

/** @param {number} id @param {number} handle @param {number} type @returns {HandleState} */
export function tighten(id, handle, type) {
  return tableOf(id)?.tighten(handle, type) ?? 'disposed';
}

/**
 * The tag a handle was held with, so .NET can name the type behind a 'wrongtype' answer; 0 when the
 * handle is not current or the table is missing.
 * @param {number} id @param {number} handle @returns {number}
 */
export function typeOf(id, handle) {
  return tableOf(id)?.typeOf(handle) ?? 0;
}

/** A missing table counts all zeros. @param {number} id @returns {Counts} */
export function counts(id) {
  return tableOf(id)?.counts() ?? { live: 0, strong: 0, weak: 0, free: 0 };
}

/**
 * A thrown value's message, for an error answer; itself never throws (a thrown object's message getter
 * or toString may, and this runs inside the catch that keeps entry points from throwing).
 * @param {any} e
 */
function describe(e) {
  try {
    return String(e?.message ?? e);
  } catch {
    // a throwing message getter: the value's own string, if it has one
  }
  try {
    return String(e);
  } catch {
    return 'an error that cannot be described';
  }
}

// ---- the [JSImport] fast path (WebAssembly) -----------------------------------------------------------
//
// .NET on WebAssembly calls these flat functions straight through [JSImport] (JSHost registers this same
// module instance, by moduleUrl(), so they share the tables above). Answers are numbers and strings, never
// JSON, for handles, states and primitive values; everything else is a JSON string the .NET side reads with
// its own contracts. The common answer is one call: a value, or a sentinel (NaN, null, -1, 0) after which
// .NET asks lastCode() (and lastMessage()) why. Nothing here throws, whatever it is given.

/** The state codes, as .NET's JsHandleState numbers them; then the fast path's own answers. */
const CODES = Object.freeze({ unknown: 0, alive: 1, dropped: 2, collected: 3, detached: 4, wrongtype: 5, disposed: 6 });
const ERROR = 7; // the page's code threw, or the call could not be made: lastMessage() says what
const NOVALUE = 8; // null or undefined
const KIND = 9; // a value of another JS type than asked for: lastMessage() names it
const PENDING = 10; // a promise: lastTicket() names it for settle()

let lastFailure = CODES.alive;
let lastText = '';
let lastPending = 0;
let nextTicket = 1;
/** Promises the async .NET members will await through settle(ticket). @type {Map<number, any>} */
const pending = new Map();

/** This module's own URL, so .NET can hand JSHost the very instance Blazor imported. */
export function moduleUrl() {
  return import.meta.url;
}

/** Why the last sentinel answer was one: a state code or ERROR, NOVALUE, KIND, PENDING. */
export function lastCode() {
  return lastFailure;
}

/** The message that goes with an ERROR or KIND code. */
export function lastMessage() {
  return lastText;
}

/** The ticket that goes with a PENDING code. */
export function lastTicket() {
  return lastPending;
}

/** @param {number} code @param {string} [message] */
function failed(code, message = '') {
  lastFailure = code;
  lastText = message;
}

/** The code of a CallAnswer that is not an alive value. @param {CallAnswer} answer */
function codeOf(answer) {
  if (answer.state === 'error') return ERROR;
  return CODES[answer.state] ?? CODES.unknown;
}

/** What to tell of a value of the wrong kind. @param {any} value */
function kindOf(value) {
  try {
    return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
  } catch {
    return 'a revoked proxy'; // the one value Array.isArray throws for
  }
}

/**
 * A CallAnswer as a number; NaN after failed(). A number that is not finite is no value (as JSON says).
 * @param {CallAnswer} answer @returns {number}
 */
function asNumber(answer) {
  if (answer.state !== 'alive') return failed(codeOf(answer), answer.message), NaN;
  const value = answer.value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : (failed(NOVALUE), NaN);
  if (value === null || value === undefined) return failed(NOVALUE), NaN;
  return failed(KIND, kindOf(value)), NaN;
}

/** A CallAnswer as a string; null after failed(). @param {CallAnswer} answer @returns {string | null} */
function asString(answer) {
  if (answer.state !== 'alive') return failed(codeOf(answer), answer.message), null;
  const value = answer.value;
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return failed(NOVALUE), null;
  return failed(KIND, kindOf(value)), null;
}

/** A CallAnswer as 1 (true) or 0 (false); -1 after failed(). @param {CallAnswer} answer @returns {number} */
function asBool(answer) {
  if (answer.state !== 'alive') return failed(codeOf(answer), answer.message), -1;
  const value = answer.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null || value === undefined) return failed(NOVALUE), -1;
  return failed(KIND, kindOf(value)), -1;
}

/** A CallAnswer's value as JSON text; null after failed(). @param {CallAnswer} answer @returns {string | null} */
function asJson(answer) {
  if (answer.state !== 'alive') return failed(codeOf(answer), answer.message), null;
  if (answer.value === null || answer.value === undefined) return failed(NOVALUE), null;
  try {
    const json = JSON.stringify(answer.value);
    return typeof json === 'string' ? json : (failed(KIND, kindOf(answer.value)), null);
  } catch (e) {
    return failed(ERROR, describe(e)), null;
  }
}

/** A state as its code. @param {HandleState} state */
function stateCode(state) {
  return CODES[state] ?? CODES.unknown;
}

/** @param {number} id @param {number} handle @param {number} type @returns {number} */
export function stateOf(id, handle, type) {
  return stateCode(state(id, handle, type));
}

/** Holds an object (a JSObject from .NET): the handle or a hold code. @param {number} id @param {any} value @param {boolean} weak @param {number} type */
export function holdObject(id, value, weak, type) {
  return hold(id, value, weak === true, type);
}

/** Drops one handle; answers the code of the state it had. @param {number} id @param {number} handle @param {number} type */
export function dropOne(id, handle, type) {
  // Straight to the table: no array to make, copy (readArray) and map for one number per call.
  return stateCode(tableOf(id)?.drop(handle, type) ?? 'disposed');
}

/** @param {number} id @param {number} handle @param {number} type */
export function loosenCode(id, handle, type) {
  return stateCode(loosen(id, handle, type));
}

/** @param {number} id @param {number} handle @param {number} type */
export function tightenCode(id, handle, type) {
  return stateCode(tighten(id, handle, type));
}

/** @param {number} id @param {number} handle @param {number} type @param {string} name */
export function getNumber(id, handle, type, name) {
  return asNumber(getProperty(id, handle, type, name));
}

/** @param {number} id @param {number} handle @param {number} type @param {string} name */
export function getString(id, handle, type, name) {
  return asString(getProperty(id, handle, type, name));
}

/** @param {number} id @param {number} handle @param {number} type @param {string} name */
export function getBool(id, handle, type, name) {
  return asBool(getProperty(id, handle, type, name));
}

/** @param {number} id @param {number} handle @param {number} type @param {string} name */
export function getJson(id, handle, type, name) {
  return asJson(getProperty(id, handle, type, name));
}

/**
 * Calls for the fast path: args with handles as numbers and their markers flat (see reviveFlat). A
 * promise result is PENDING when the caller can wait (allowPromise, the async .NET members), with a
 * ticket for settle(); else an ERROR, since nothing synchronous can have its value.
 * @returns {CallAnswer}
 */
function callFast(id, handle, type, method, args, markers, allowPromise) {
  return pendingIfPromise(callThrough(id, handle, type, method, reviveFlat(tableOf(id), args, markers)), method, allowPromise);
}

/** A CallAnswer whose value is a promise as PENDING (with a ticket) or an ERROR; any other answer as it is. */
function pendingIfPromise(called, method, allowPromise) {
  if (called.state !== 'alive' || !isThenable(called.value)) return called;
  if (allowPromise === true) {
    lastPending = nextTicket++;
    pending.set(lastPending, called.value);
    return { state: 'pending' };
  }
  quiet(called.value);
  return { state: 'error', message: `${nameOf(method)} answered a promise: use the async member` };
}

/** The sentinel answers of callFast's pending state. @param {CallAnswer} answer */
function pendingOr(answer, convert) {
  if (answer.state === 'pending') {
    failed(PENDING);
    return undefined;
  }
  return convert(answer);
}

/** @returns {number} NaN after failed() */
export function invokeNumber(id, handle, type, method, args, markers, allowPromise) {
  return pendingOr(callFast(id, handle, type, method, args, markers, allowPromise), asNumber) ?? NaN;
}

/** @returns {string | null} null after failed() */
export function invokeString(id, handle, type, method, args, markers, allowPromise) {
  return pendingOr(callFast(id, handle, type, method, args, markers, allowPromise), asString) ?? null;
}

/** @returns {number} 1, 0, or -1 after failed() */
export function invokeBool(id, handle, type, method, args, markers, allowPromise) {
  return pendingOr(callFast(id, handle, type, method, args, markers, allowPromise), asBool) ?? -1;
}

/** @returns {string | null} the result as JSON; null after failed() */
export function invokeJson(id, handle, type, method, args, markers, allowPromise) {
  return pendingOr(callFast(id, handle, type, method, args, markers, allowPromise), asJson) ?? null;
}

// The same without arguments, the common case: .NET then marshals no array (an unmanaged buffer per call).
const NO_ARGS = Object.freeze([]);
/**
 * The hot one (a method answering a number, no arguments) without the general path's answer objects: a
 * number result returns straight away; anything else takes the general conversion.
 * @returns {number}
 */
export function invokeNumber0(id, handle, type, method, allowPromise) {
  const d = tableOf(id)?.deref(handle, type) ?? DISPOSED;
  if (d.state !== 'alive') return failed(stateCode(d.state)), NaN;
  let result;
  try {
    const fn = d.value[method];
    if (typeof fn !== 'function') return failed(ERROR, `${nameOf(method)} is not a function`), NaN;
    result = fn.call(d.value);
  } catch (e) {
    return failed(ERROR, describe(e)), NaN;
  }
  if (typeof result === 'number' && Number.isFinite(result)) return result;
  return pendingOr(pendingIfPromise({ state: 'alive', value: result }, method, allowPromise), asNumber) ?? NaN;
}
/** @returns {string | null} */
export function invokeString0(id, handle, type, method, allowPromise) {
  return invokeString(id, handle, type, method, NO_ARGS, null, allowPromise);
}
/** @returns {number} */
export function invokeBool0(id, handle, type, method, allowPromise) {
  return invokeBool(id, handle, type, method, NO_ARGS, null, allowPromise);
}
/** @returns {string | null} */
export function invokeJson0(id, handle, type, method, allowPromise) {
  return invokeJson(id, handle, type, method, NO_ARGS, null, allowPromise);
}

/**
 * Calls and ignores the result: answers 1 (alive) or a failure code (lastMessage() for ERROR). A promise
 * is PENDING when the caller can wait, else left to run with its rejection caught.
 * @returns {number}
 */
export function invokeNone(id, handle, type, method, args, markers, allowPromise) {
  const called = callThrough(id, handle, type, method, reviveFlat(tableOf(id), args, markers));
  if (called.state !== 'alive') return failed(codeOf(called), called.message), codeOf(called);
  if (isThenable(called.value)) {
    if (allowPromise === true) {
      lastPending = nextTicket++;
      pending.set(lastPending, called.value);
      return failed(PENDING), PENDING;
    }
    quiet(called.value);
  }
  return CODES.alive;
}

/**
 * Calls and holds the result (see invokeAndHold): the handle (> 0), a hold code (< 0), or 0 after failed()
 * (NOVALUE for a null or undefined result; PENDING for a promise when the caller can wait).
 * @returns {number}
 */
export function invokeHold(id, handle, type, method, args, markers, weak, resultType, allowPromise) {
  const called = callFast(id, handle, type, method, args, markers, allowPromise);
  if (called.state === 'pending') return failed(PENDING), 0;
  if (called.state !== 'alive') return failed(codeOf(called), called.message), 0;
  const held = holdResult(id, called.value, weak, resultType);
  return held === null ? (failed(NOVALUE), 0) : held;
}

/**
 * Sets a property; args is [value], markers [0, tag] when the value is a handle. Answers 1 (alive) or a
 * failure code (lastMessage() for ERROR).
 * @returns {number}
 */
export function setValue(id, handle, type, name, args, markers) {
  const table = tableOf(id);
  const d = table?.deref(handle, type) ?? DISPOSED;
  if (d.state !== 'alive') return failed(stateCode(d.state)), stateCode(d.state);
  const revived = reviveFlat(table, args, markers);
  if (revived.error !== undefined) return failed(ERROR, revived.error.replace('argument 1', 'the value')), ERROR;
  try {
    // Inside the try: with no markers, args is the caller's array as it came, unread.
    if (!Array.isArray(revived.args) || revived.args.length !== 1) return failed(ERROR, 'no value to set'), ERROR;
    d.value[name] = revived.args[0];
    return CODES.alive;
  } catch (e) {
    return failed(ERROR, describe(e)), ERROR;
  }
}

/** What the call timeout's timer settles to in settle's race: a value no page promise can answer. */
const TIMED_OUT = Symbol('timed out');
/** The longest delay setTimeout keeps (a longer one fires at once). */
const MAX_DELAY = 0x7fffffff;

/**
 * Waits for a PENDING call and answers its CallAnswer as JSON (never rejects): mode 0 ignores the value,
 * 1 answers it, 2 holds it in table id (weak, resultType) as invokeAndHold does. An unknown ticket
 * answers { state: 'unknown' }; a promise still unsettled after timeoutMs (the service's call timeout; a
 * negative or missing one waits for ever) answers { state: 'timeout' }.
 *
 * The timer is what keeps a waiting call reachable. A promise that nothing can settle (no one holds its
 * resolve functions) is garbage to V8; once this function no longer holds it in `pending`, V8 may collect
 * it, and this call's own promise with it, and .NET's interop then cancels the task it gave .NET ("the
 * promise is being terminated") whenever the collection happens: after 0.3 s or 2 s, never at the time the
 * service set. A pending timer roots the race until the timeout, so the answer comes at that time.
 * @param {number} ticket @param {number} mode @param {number} id @param {boolean} weak @param {number} resultType
 * @param {number} [timeoutMs]
 * @returns {Promise<string>}
 */
export async function settle(ticket, mode, id, weak, resultType, timeoutMs) {
  const promise = pending.get(ticket);
  if (!pending.delete(ticket)) return '{"state":"unknown"}';
  let timer;
  // setTimeout fires at once for a delay past 2^31 - 1 ms (the timeout may be up to 2^32 - 2): re-armed in steps.
  const arm = (resolve, ms) => {
    const step = Math.min(ms, MAX_DELAY);
    timer = setTimeout(() => (ms > step ? arm(resolve, ms - step) : resolve(TIMED_OUT)), step);
  };
  const late = typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs >= 0
    ? new Promise((resolve) => arm(resolve, timeoutMs))
    : undefined;
  let answer;
  try {
    const result = late === undefined ? await promise : await Promise.race([promise, late]);
    answer = result === TIMED_OUT ? { state: 'timeout' }
      : mode === 1 ? { state: 'alive', value: result === undefined ? null : result }
      : mode === 2 ? { state: 'alive', value: holdResult(id, result, weak, resultType) }
      : { state: 'alive' };
  } catch (e) {
    answer = { state: 'error', message: describe(e) };
  } finally {
    clearTimeout(timer);
  }
  try {
    return JSON.stringify(answer);
  } catch (e) {
    return JSON.stringify({ state: 'error', message: describe(e) });
  }
}

// ---- the reverse direction: .NET objects exposed to JS by Tether handles --------------------------

/**
 * Calls a method of a .NET object that .NET exposed by a Tether handle. Answers
 * { state: 'alive', value, message: null } or { state: 'collected' | 'dropped' | 'unknown' | 'disposed' | 'error',
 * value: null, message }; never rejects. .NET answers JSON text (JsHandles.CallExposed), which crosses whatever
 * the app's trimming kept, and answers within its call timeout.
 * @param {any} dotnet the service's DotNetObjectReference
 * @param {number} handle
 * @param {string} method
 * @param {any[]} args
 */
export async function callDotNet(dotnet, handle, method, ...args) {
  let text;
  try {
    text = await dotnet.invokeMethodAsync('CallExposed', handle, method, args);
  } catch (e) {
    return { state: 'error', message: describe(e) };
  }
  try {
    const answer = typeof text === 'string' ? JSON.parse(text) : undefined;
    if (answer !== null && typeof answer === 'object' && typeof answer.state === 'string') return answer;
  } catch {
    // not JSON: answered below
  }
  return { state: 'error', message: 'callDotNet: .NET answered no JSON envelope' };
}
