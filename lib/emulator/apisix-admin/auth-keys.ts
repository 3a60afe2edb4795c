/**
 * The auth keys of every consumer and credential, in plaintext, kept in step with the store: 3.18's
 * duplicate-key check looks a key up here instead of decrypting every stored credential per write.
 */
import { isObject } from './json.js';
import type { Entry, StoreObserver } from './store.js';
import type { Json } from './types.js';

/** The field of each auth plugin that identifies its consumer (`check_duplicate_key`). */
const KEY_FIELDS: Record<string, string> = {
  'key-auth': 'key',
  'basic-auth': 'username',
  'jwt-auth': 'key',
  'hmac-auth': 'key_id',
  'ldap-auth': 'user_dn',
  'ldap-auth-advanced': 'user_dn',
};

/** A consumer or credential holding auth keys. */
interface KeyHolder {
  /** The consumer's directory (`consumers`) or its credentials' (`consumers/<u>/credentials`). */
  dir: string;
  /** The etcd key of the holder's own entry. */
  key: string;
  username: string;
  /** Set for a credential: its `id`. */
  credentialId?: string;
  /** `[plugin, key]` pairs in `KEY_FIELDS` order (the order the check reports them in). */
  keys: Array<[string, string]>;
}

const CREDENTIALS_DIR = /^consumers\/(.*)\/credentials$/;

/**
 * The `[plugin, key]` pairs of a `plugins` object, in `KEY_FIELDS` order, through `decrypt`.
 *
 * @example
 * ```ts
 * authKeysOf({ 'key-auth': { key: 'k1' } }, (v) => v); // [['key-auth', 'k1']]
 * ```
 */
function authKeysOf(
  plugins: Json | undefined,
  decrypt: (value: string) => string,
): Array<[string, string]> {
  if (!isObject(plugins)) return [];
  const out: Array<[string, string]> = [];
  for (const [name, field] of Object.entries(KEY_FIELDS)) {
    const conf = plugins[name];
    const value = isObject(conf) ? conf[field] : undefined;
    if (typeof value === 'string') out.push([name, decrypt(value)]);
  }
  return out;
}

const pairId = (plugin: string, key: string) => `${plugin}\u0000${key}`;

/**
 * Indexes consumers and credentials by auth key; register it with `store.observe(index)`.
 *
 * @example
 * ```ts
 * const index = new AuthKeyIndex(decryptField);
 * store.observe(index);
 * index.holders([['key-auth', 'k1']]); // the consumers and credentials that use key k1
 * ```
 */
class AuthKeyIndex implements StoreObserver {
  private readonly byPair = new Map<string, Set<KeyHolder>>();
  private readonly byKey = new Map<string, KeyHolder>();

  constructor(private readonly decrypt: (value: string) => string) {}

  written(dir: string, entry: Entry): void {
    const holder = this.holderOf(dir, entry);
    if (holder === null) return;
    this.removed(dir, entry.key);
    if (!holder || holder.keys.length === 0) return;
    this.byKey.set(entry.key, holder);
    for (const [plugin, key] of holder.keys) {
      const id = pairId(plugin, key);
      let set = this.byPair.get(id);
      if (!set) {
        set = new Set();
        this.byPair.set(id, set);
      }
      set.add(holder);
    }
  }

  removed(_dir: string, key: string): void {
    const holder = this.byKey.get(key);
    if (!holder) return;
    this.byKey.delete(key);
    for (const [plugin, value] of holder.keys) {
      const id = pairId(plugin, value);
      const set = this.byPair.get(id);
      set?.delete(holder);
      if (set?.size === 0) this.byPair.delete(id);
    }
  }

  cleared(): void {
    this.byPair.clear();
    this.byKey.clear();
  }

  /** Every indexed holder of any of `pairs` (live or not: the caller checks the store). */
  holders(pairs: Array<[string, string]>): KeyHolder[] {
    const out = new Set<KeyHolder>();
    for (const [plugin, key] of pairs)
      for (const holder of this.byPair.get(pairId(plugin, key)) ?? []) out.add(holder);
    return [...out];
  }

  /** Number of indexed holders (for tests). */
  get size(): number {
    return this.byKey.size;
  }

  /** The holder an entry makes; null when `dir` holds no consumers or credentials. */
  private holderOf(dir: string, entry: Entry): KeyHolder | undefined | null {
    const value = entry.value;
    if (dir === 'consumers') {
      if (!isObject(value)) return undefined;
      const keys = authKeysOf(value.plugins, this.decrypt);
      return { dir, key: entry.key, username: String(value.username), keys };
    }
    const match = CREDENTIALS_DIR.exec(dir);
    if (!match) return null;
    const credentialId = isObject(value) ? String(value.id) : '';
    const keys = isObject(value) ? authKeysOf(value.plugins, this.decrypt) : [];
    return { dir, key: entry.key, username: match[1] ?? '', credentialId, keys };
  }
}

export type { KeyHolder };
export { AuthKeyIndex, authKeysOf };
