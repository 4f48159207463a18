// The tracker's store kept in memory: the nine functions of the WIT
// interface `licence:engine/store` written in plain JavaScript. It is the
// store `openTracker()` uses by default, and the model for a store over a
// host's own database: a host implements the same nine methods, with the
// same rules, over its tables (see README.md, "Backing the store by your
// own database").
//
// The values are jco's forms of the WIT types:
//   key-value  { tag: 'number', val: bigint } | { tag: 'text', val: string }
//   entry      { id, document: Uint8Array, keys: [{ name, value }] }
//   stored     { id, document: Uint8Array }
//   range      { low?: key-value, high?: key-value }
//   condition  { key, anyOf: range[] }
//   order      { key, descending }
//   query      { collection, conditions, order, offset: number, limit?: number }
//   u64        bigint (count's answer, next-sequence's count and answer)
// A function fails by throwing a `StoreError` (or any value with a string
// `payload`): jco turns it into the `err(string)` of the function's result,
// and the tracker reports it as a `storage` error and rolls back.

/**
 * A store's failure: `payload` is the message the tracker reports as its
 * `storage` error.
 */
export class StoreError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'StoreError';
    // jco reads the `err` of a `result<_, string>` import from `payload`.
    Object.defineProperty(this, 'payload', { value: String(message), enumerable: true });
  }
}

/**
 * Compares two strings by Unicode code point (the byte order of their
 * UTF-8), not by UTF-16 code unit as `<` and `localeCompare` do: the two
 * differ when a character above U+FFFF meets one in U+E000..U+FFFF.
 * @param {string} a
 * @param {string} b
 * @returns {number} negative, zero or positive
 */
export function compareText(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// At the first code unit where two well-formed strings differ, surrogates
// (U+D800..U+DFFF, the halves of characters above U+FFFF) must rank above
// U+E000..U+FFFF; below U+D800 the code unit is the code point.
function codePointRank(unit) {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/**
 * Compares two key values: numbers numerically, text by code point, and a
 * number before any text (a key always holds one variant, so the last
 * never decides anything in practice).
 */
export function compareKeyValue(a, b) {
  if (a.tag !== b.tag) return a.tag === 'number' ? -1 : 1;
  if (a.tag === 'number') {
    const x = BigInt(a.val);
    const y = BigInt(b.val);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareText(a.val, b.val);
}

/** A record's value of the key `name` (`id` is its id), or undefined. */
function keyOf(entry, name) {
  if (name === 'id') return { tag: 'text', val: entry.id };
  return entry.keys.get(name);
}

/** Whether the record meets the condition: its key lies in any range. */
function meets(entry, condition) {
  const value = keyOf(entry, condition.key);
  if (value === undefined) return false; // a missing key matches no condition
  return condition.anyOf.some(
    (range) =>
      (range.low == null || compareKeyValue(range.low, value) <= 0) &&
      (range.high == null || compareKeyValue(value, range.high) <= 0),
  );
}

/** The query's order, then id ascending; a missing key sorts first. */
function comparator(order) {
  return (a, b) => {
    for (const term of order) {
      const x = keyOf(a, term.key);
      const y = keyOf(b, term.key);
      let c;
      if (x === undefined || y === undefined) {
        c = x === y ? 0 : x === undefined ? -1 : 1;
      } else {
        c = compareKeyValue(x, y);
      }
      if (c !== 0) return term.descending ? -c : c;
    }
    return compareText(a.id, b.id);
  };
}

function stored(entry) {
  return { id: entry.id, document: entry.document };
}

/**
 * The store in memory. Every write happens inside a transaction and is
 * logged, so that `rollback` restores exactly the state at `begin`,
 * sequences included. Queries scan their collection.
 */
export class MemoryStore {
  /** @type {Map<string, Map<string, {id: string, document: Uint8Array, keys: Map<string, object>}>>} */
  #collections = new Map();
  /** @type {Map<string, bigint>} */
  #sequences = new Map();
  /** The open transaction's undo log, oldest first; null outside one. */
  #undo = null;

  begin() {
    if (this.#undo !== null) throw new StoreError('a transaction is already open');
    this.#undo = [];
  }

  commit() {
    if (this.#undo === null) throw new StoreError('commit without a transaction');
    this.#undo = null;
  }

  rollback() {
    const undo = this.#undo;
    if (undo === null) throw new StoreError('rollback without a transaction');
    this.#undo = null;
    for (let i = undo.length - 1; i >= 0; i--) {
      const step = undo[i];
      if (step.sequence !== undefined) {
        if (step.before === undefined) this.#sequences.delete(step.sequence);
        else this.#sequences.set(step.sequence, step.before);
      } else {
        const records = this.#records(step.collection);
        if (step.before === undefined) records.delete(step.id);
        else records.set(step.id, step.before);
      }
    }
  }

  /**
   * The records of `collection` among `ids` (unknown ids left out), by id.
   * @param {string} collection
   * @param {string[]} ids
   */
  get(collection, ids) {
    const records = this.#collections.get(collection);
    if (records === undefined) return [];
    const found = [...new Set(ids)].map((id) => records.get(id)).filter((e) => e !== undefined);
    return found.sort((a, b) => compareText(a.id, b.id)).map(stored);
  }

  /**
   * Inserts or replaces records: each its id, document and keys together.
   * @param {string} collection
   * @param {{id: string, document: Uint8Array, keys: {name: string, value: object}[]}[]} entries
   */
  put(collection, entries) {
    for (const entry of entries) {
      const keys = new Map();
      for (const key of entry.keys) keys.set(key.name, key.value);
      this.#replace(collection, entry.id, {
        id: entry.id,
        document: new Uint8Array(entry.document),
        keys,
      });
    }
  }

  /**
   * Removes records; unknown ids are ignored.
   * @param {string} collection
   * @param {string[]} ids
   */
  remove(collection, ids) {
    for (const id of ids) this.#replace(collection, id, undefined);
  }

  /**
   * The records meeting every condition of `query`, in its order then by
   * id, from its offset, at most its limit.
   */
  find(query) {
    const found = this.#matching(query.collection, query.conditions);
    found.sort(comparator(query.order));
    const start = Number(query.offset ?? 0);
    const end = query.limit == null ? found.length : start + Number(query.limit);
    return found.slice(start, end).map(stored);
  }

  /**
   * How many records of `collection` meet every condition.
   * @returns {bigint}
   */
  count(collection, conditions) {
    return BigInt(this.#matching(collection, conditions).length);
  }

  /**
   * Takes the next `count` numbers of the sequence `name` (which starts at
   * 1) and returns the first; a rollback gives them back.
   * @param {string} name
   * @param {bigint} count
   * @returns {bigint}
   */
  nextSequence(name, count) {
    const undo = this.#log();
    const before = this.#sequences.get(name);
    const last = before ?? 0n;
    this.#sequences.set(name, last + BigInt(count));
    undo.push({ sequence: name, before });
    return last + 1n;
  }

  #log() {
    if (this.#undo === null) throw new StoreError('write outside a transaction');
    return this.#undo;
  }

  #records(collection) {
    let records = this.#collections.get(collection);
    if (records === undefined) {
      records = new Map();
      this.#collections.set(collection, records);
    }
    return records;
  }

  /** Replaces (or with undefined removes) one record, logging what was there. */
  #replace(collection, id, entry) {
    const undo = this.#log();
    const records = this.#records(collection);
    const before = records.get(id);
    if (entry === undefined) records.delete(id);
    else records.set(id, entry);
    undo.push({ collection, id, before });
  }

  #matching(collection, conditions) {
    const records = this.#collections.get(collection);
    if (records === undefined) return [];
    const found = [];
    for (const entry of records.values()) {
      if (conditions.every((c) => meets(entry, c))) found.push(entry);
    }
    return found;
  }
}
