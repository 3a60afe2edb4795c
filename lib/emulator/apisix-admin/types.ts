/**
 * Public and shared types of the APISIX Admin API emulator.
 */

/** A JSON value as decoded from a request body or stored in the emulated etcd. */
type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. */
type JsonObject = { [key: string]: Json };

/** How the emulator answers one matching request instead of (or on top of) its normal answer. */
interface FaultRule {
  /** HTTP method to match; `*` or absent matches any. */
  method?: string;
  /** Path pattern: `*` matches any run of characters; a RegExp is tested as is. Query excluded. */
  path: string | RegExp;
  /** Apply to this many matching requests, then stop (default: unlimited). */
  times?: number;
  /** Answer with this status instead of the normal answer. */
  status?: number;
  /** Body for `status` (an object is sent as JSON). */
  body?: string | JsonObject;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the socket without answering (a connection reset for the client). */
  reset?: boolean;
  /** Answer normally (or with `status`) but send `Connection: close` and close the socket. */
  closeAfter?: boolean;
}

/** A fault rule with its hit counter, as exposed by the handle. */
interface FaultState extends FaultRule {
  hits: number;
}

/** TLS listener settings; `ca` turns on client certificate verification (mTLS). */
interface EmulatorTls {
  cert: string;
  key: string;
  ca?: string;
}

/** Options of {@link startEmulator}. */
interface EmulatorOptions {
  host?: string;
  port?: number;
  /** Emulated APISIX version, e.g. `3.13.0`; behaviour switches on it. Default `3.18.0`. */
  version?: string;
  /** The admin key; absent means no admin key is configured (every request passes). */
  adminKey?: string;
  /** A key with the `viewer` role (GET only). */
  viewerKey?: string;
  /** `deployment.admin.admin_key_required`; false lets every request through. Default true. */
  adminKeyRequired?: boolean;
  /** `etcd` (traditional) or `standalone` (API-driven, `/apisix/admin/configs`). Default `etcd`. */
  mode?: 'etcd' | 'standalone';
  /** `proxy_mode` includes stream: stream routes are served instead of answering 400. */
  streamMode?: boolean;
  tls?: EmulatorTls;
  /** Idle keep-alive timeout of the listener (APISIX: 60 s). */
  keepAliveTimeoutMs?: number;
  /** Added delay before every answer. */
  latencyMs?: number;
  /**
   * Most entries kept in each of `requests` and `connections` (oldest dropped first), so a
   * long-running `apisync emulator` or `apisync dev` does not grow without bound. Default 100 000.
   */
  maxLogEntries?: number;
  faults?: FaultRule[];
}

/** One request as logged by the emulator. */
interface EmulatorRequest {
  method: string;
  path: string;
  status: number;
  connectionId: number;
}

/** One client connection (socket) the listener accepted. */
interface EmulatorConnection {
  id: number;
  openedAt: number;
  closedAt?: number;
  requests: number;
}

/** One stored key, as `dump()` returns it (values as stored: encrypted fields stay ciphertext). */
interface EmulatorEntry {
  key: string;
  value: Json;
  createdIndex: number;
  modifiedIndex: number;
}

/** A snapshot of the emulator state. */
interface EmulatorDump {
  revision: number;
  entries: EmulatorEntry[];
  standalone?: JsonObject;
}

/** What {@link startEmulator} resolves to. */
interface EmulatorHandle {
  url: string;
  version: string;
  close(): Promise<void>;
  /** Empties the store (fresh-start collections), the standalone document and the request log. */
  reset(): void;
  dump(): EmulatorDump;
  /** Live request log (the latest `maxLogEntries`). */
  readonly requests: EmulatorRequest[];
  /** Live connection log: one entry per accepted socket (the latest `maxLogEntries`). */
  readonly connections: EmulatorConnection[];
  /** Live fault rules with hit counters. */
  readonly faults: FaultState[];
  addFault(rule: FaultRule): FaultState;
  clearFaults(): void;
}

export type {
  EmulatorConnection,
  EmulatorDump,
  EmulatorEntry,
  EmulatorHandle,
  EmulatorOptions,
  EmulatorRequest,
  EmulatorTls,
  FaultRule,
  FaultState,
  Json,
  JsonObject,
};
