/**
 * The emulated etcd: one global revision counter, one map per collection, and a sorted key index
 * rebuilt lazily (writes stay O(1); a list sorts only after the collection changed). Observers
 * (secondary indexes such as the auth-key index) hear of every write and removal.
 */
import type { EmulatorEntry, Json } from './types.js';

interface Entry {
  key: string;
  value: Json;
  createdIndex: number;
  modifiedIndex: number;
  expiresAt?: number;
}

/** A secondary index kept in step with the store (expired leases and cascades included). */
interface StoreObserver {
  /** `entry` was stored under `dir` (a new key, or a new value for an existing one). */
  written(dir: string, entry: Entry): void;
  /** The key was removed from `dir`. */
  removed(dir: string, key: string): void;
  /** Everything was removed. */
  cleared(): void;
}

class Collection {
  readonly items = new Map<string, Entry>();
  private sorted: Entry[] | undefined;

  /** Stores `entry`; an existing key is updated in place so the sorted index stays valid. */
  set(entry: Entry): Entry {
    const existing = this.items.get(entry.key);
    if (existing) return Object.assign(existing, entry);
    this.sorted = undefined;
    this.items.set(entry.key, entry);
    return entry;
  }

  delete(key: string): boolean {
    const had = this.items.delete(key);
    if (had) this.sorted = undefined;
    return had;
  }

  /** Entries in etcd key order (byte-wise; keys are ASCII). */
  list(): Entry[] {
    this.sorted ??= [...this.items.values()].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    return this.sorted;
  }
}

/** Collections a fresh APISIX creates at start (they list as empty rather than 404). */
const DIRECTORIES = [
  'routes',
  'services',
  'upstreams',
  'ssls',
  'consumers',
  'global_rules',
  'plugin_configs',
  'consumer_groups',
  'plugin_metadata',
  'protos',
  'secrets',
  'stream_routes',
];

class Store {
  revision = 0;
  private collections = new Map<string, Collection>();
  private readonly observers: StoreObserver[] = [];

  constructor() {
    this.reset();
  }

  /** Keeps `observer` informed of every change from now on. */
  observe(observer: StoreObserver): void {
    this.observers.push(observer);
  }

  reset(): void {
    this.collections = new Map(DIRECTORIES.map((name) => [name, new Collection()]));
    for (const observer of this.observers) observer.cleared();
  }

  /** Reserves a revision (a POST's `/gen_id` write). */
  nextRevision(): number {
    this.revision += 1;
    return this.revision;
  }

  collection(dir: string): Collection | undefined {
    return this.collections.get(dir);
  }

  get(dir: string, key: string): Entry | undefined {
    const entry = this.collections.get(dir)?.items.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.delete(dir, key);
      return undefined;
    }
    return entry;
  }

  /** Writes `value`; returns the entry and whether the key existed (201 vs 200). */
  put(
    dir: string,
    key: string,
    value: Json,
    ttlSeconds?: number,
  ): { entry: Entry; created: boolean } {
    let collection = this.collections.get(dir);
    if (!collection) {
      collection = new Collection();
      this.collections.set(dir, collection);
    }
    const previous = this.get(dir, key);
    const revision = this.nextRevision();
    const entry: Entry = {
      key,
      value,
      createdIndex: previous?.createdIndex ?? revision,
      modifiedIndex: revision,
    };
    entry.expiresAt = ttlSeconds === undefined ? undefined : Date.now() + ttlSeconds * 1000;
    const stored = collection.set(entry);
    for (const observer of this.observers) observer.written(dir, stored);
    return { entry: stored, created: previous === undefined };
  }

  delete(dir: string, key: string): boolean {
    const collection = this.collections.get(dir);
    if (!collection?.delete(key)) return false;
    this.nextRevision();
    for (const observer of this.observers) observer.removed(dir, key);
    // Credential collections are not pre-created: once empty they vanish (list answers 404).
    if (collection.items.size === 0 && !DIRECTORIES.includes(dir)) this.collections.delete(dir);
    return true;
  }

  /** Removes a whole directory (a consumer's credentials). */
  deleteDir(dir: string): void {
    const collection = this.collections.get(dir);
    if (!collection) return;
    this.collections.delete(dir);
    this.nextRevision();
    for (const key of collection.items.keys())
      for (const observer of this.observers) observer.removed(dir, key);
  }

  /** Live entries of a directory in key order, or undefined when the directory does not exist. */
  list(dir: string): Entry[] | undefined {
    const collection = this.collections.get(dir);
    if (!collection) return undefined;
    const entries = collection.list();
    const now = Date.now();
    if (!entries.some((e) => e.expiresAt !== undefined && e.expiresAt <= now)) return entries;
    for (const e of entries)
      if (e.expiresAt !== undefined && e.expiresAt <= now) this.delete(dir, e.key);
    return this.collections.get(dir)?.list();
  }

  dump(): EmulatorEntry[] {
    const out: EmulatorEntry[] = [];
    for (const dir of [...this.collections.keys()].sort()) {
      for (const { key, value, createdIndex, modifiedIndex } of this.list(dir) ?? []) {
        out.push({ key, value: structuredClone(value), createdIndex, modifiedIndex });
      }
    }
    return out;
  }
}

export type { Entry, StoreObserver };
export { Store };
