/** The per-emulator context handlers receive, and the parsed request. */
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthKeyIndex } from './auth-keys.js';
import type { Schema } from './jsonschema.js';
import type { PluginRegistry } from './plugins/registry.js';
import type { Store } from './store.js';
import type { JsonObject } from './types.js';

interface StandaloneState {
  doc?: JsonObject;
  digest?: string;
  lastModified?: number;
}

interface Ctx {
  version: string;
  mode: 'etcd' | 'standalone';
  streamMode: boolean;
  adminKey?: string;
  viewerKey?: string;
  adminKeyRequired: boolean;
  store: Store;
  /** Auth keys by plaintext (3.18+, where duplicate keys are refused); kept in step with `store`. */
  authKeys?: AuthKeyIndex;
  registry: PluginRegistry;
  schemas: Record<string, Schema>;
  standalone: StandaloneState;
}

interface AdminRequest {
  method: string;
  /** Decoded path with merged slashes. */
  path: string;
  /** Path segments after `/apisix/admin` (trailing empty segments dropped). */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body; undefined when none was sent. */
  body?: Buffer;
}

export type { AdminRequest, Ctx, StandaloneState };
