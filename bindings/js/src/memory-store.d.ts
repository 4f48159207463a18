import type {
  Condition,
  Entry,
  KeyValue,
  Query,
  Stored,
} from './generated/tracker/interfaces/licence-engine-store.js';

/**
 * The nine functions of the WIT interface `licence:engine/store`, which a
 * host implements over its own database: synchronous, each failing by
 * throwing (see `StoreError`). Numbers of the WIT's `u64` are bigints.
 */
export interface Store {
  /** Starts a transaction. */
  begin(): void;
  /** Makes the transaction's writes permanent. */
  commit(): void;
  /** Undoes the transaction's writes: records and sequences as at `begin`. */
  rollback(): void;
  /** The records of `collection` among `ids` (unknown ids left out), by id. */
  get(collection: string, ids: Array<string>): Array<Stored>;
  /** Inserts or replaces records, each with its document and keys. */
  put(collection: string, entries: Array<Entry>): void;
  /** Removes records; unknown ids are ignored. */
  remove(collection: string, ids: Array<string>): void;
  /** The records meeting every condition, in the query's order then by id, from its offset, at most its limit. */
  find(query: Query): Array<Stored>;
  /** How many records of `collection` meet every condition. */
  count(collection: string, conditions: Array<Condition>): bigint | number;
  /** Takes the next `count` numbers of the sequence `name` (from 1) and returns the first. */
  nextSequence(name: string, count: bigint): bigint | number;
}

export type * as store from './generated/tracker/interfaces/licence-engine-store.js';

/** A store's failure: the tracker reports `message` as its `storage` error. */
export declare class StoreError extends Error {
  constructor(message: string);
  /** The message, where jco reads the `err` of a `result<_, string>` import. */
  readonly payload: string;
}

/** The store in memory, following every rule of the WIT interface. */
export declare class MemoryStore implements Store {
  constructor();
  begin(): void;
  commit(): void;
  rollback(): void;
  get(collection: string, ids: Array<string>): Array<Stored>;
  put(collection: string, entries: Array<Entry>): void;
  remove(collection: string, ids: Array<string>): void;
  find(query: Query): Array<Stored>;
  count(collection: string, conditions: Array<Condition>): bigint;
  nextSequence(name: string, count: bigint): bigint;
}

/** Compares texts by Unicode code point (not by UTF-16 unit, as `<` does). */
export declare function compareText(a: string, b: string): number;
/** Compares key values: numbers numerically, text by code point, numbers first. */
export declare function compareKeyValue(a: KeyValue, b: KeyValue): number;
