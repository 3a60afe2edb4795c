/**
 * Test-only: compares one emulator answer with the recorded APISIX answer, normalising exactly
 * what test/fixtures/apisix-transcripts/README.md says differs between two recordings and
 * nothing else:
 *
 * - `create_time`/`update_time` of a resource value: presence and type, unless the client sent
 *   the value (then exact);
 * - `createdIndex`/`modifiedIndex` of a GET item: presence (and type);
 * - any 20-digit run inside a string (a generated id): matched by pattern;
 * - ciphertext, only at the encrypted paths of write answers (plugin `encrypt_fields` —
 *   `key-auth.key`, `basic-auth.password` — and SSL `key`/`keys[]`) and, on 3.13, the SSL key
 *   of list GETs: a string that is not a plaintext the client sent;
 * - nginx HTML pages: status, content type and `<title>`;
 * - environment-specific steps: status and headers, and of the body only what the README says
 *   is APISIX's (the plugin list's order and members, an error message's prefix).
 *
 * Everything else, the etcd `key` of every answer included, compares exactly.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the comparison needs to know about the step and the scenario so far. */
interface StepContext {
  /** APISIX version of the recording. */
  version: string;
  method: string;
  /** Request path as sent, query excluded. */
  path: string;
  /** Every string the client sent in this scenario so far (this step included). */
  sent: ReadonlySet<string>;
  /** Every `create_time`/`update_time` number the client sent in this scenario so far. */
  clientTimes: ReadonlySet<number>;
}

type Segments = readonly (string | number)[];

const TIMESTAMPS = new Set(['create_time', 'update_time']);
const INDEXES = new Set(['createdIndex', 'modifiedIndex']);
const WRITES = new Set(['PUT', 'POST', 'PATCH']);
/** `encrypt_fields` of the plugins the recordings use, as `<plugin>.<field>`. */
const ENCRYPTED_PLUGIN_FIELDS = new Set(['key-auth.key', 'basic-auth.password']);
/** Versions whose SSL list GET still carries the (encrypted) key: the 3.13 recording. */
const LIST_KEEPS_SSL_KEY = /^3\.13\./;
const GENERATED_ID = /\d{20}/g;

/** The resource value of a single answer (`value`) or of a list item (`list.N.value`). */
function valueRelative(segs: Segments): Segments | undefined {
  if (segs[0] === 'value') return segs.slice(1);
  if (segs[0] === 'list' && typeof segs[1] === 'number' && segs[2] === 'value')
    return segs.slice(3);
  return undefined;
}

function isTimestampPath(segs: Segments): boolean {
  const rel = valueRelative(segs);
  return rel?.length === 1 && TIMESTAMPS.has(String(rel[0]));
}

function isIndexPath(segs: Segments): boolean {
  const last = String(segs.at(-1));
  if (!INDEXES.has(last)) return false;
  return segs.length === 1 || (segs.length === 3 && segs[0] === 'list');
}

function isSslKey(rel: Segments): boolean {
  return (
    (rel.length === 1 && rel[0] === 'key') ||
    (rel.length === 2 && rel[0] === 'keys' && typeof rel[1] === 'number')
  );
}

/** Whether APISIX answers ciphertext at `segs` for this request (README, "Ciphertext"). */
function isCipherPath(segs: Segments, ctx: StepContext): boolean {
  const rel = valueRelative(segs);
  if (rel === undefined) return false;
  const ssl = /^\/apisix\/admin\/ssls(\/|$)/.test(ctx.path);
  const list = segs[0] === 'list';
  if (WRITES.has(ctx.method) && !list) {
    if (ssl && isSslKey(rel)) return true;
    return (
      rel.length === 3 && rel[0] === 'plugins' && ENCRYPTED_PLUGIN_FIELDS.has(`${rel[1]}.${rel[2]}`)
    );
  }
  return (
    ctx.method === 'GET' && list && ssl && LIST_KEEPS_SSL_KEY.test(ctx.version) && isSslKey(rel)
  );
}

function show(value: Json | undefined): string {
  return (JSON.stringify(value) ?? 'undefined').slice(0, 120);
}

function where(segs: Segments): string {
  return ['body', ...segs].join('.');
}

/** A leaf rule applies at `segs`: returns its verdict (a mismatch or ''), or undefined for none. */
function leafRule(
  expected: Json,
  actual: Json,
  segs: Segments,
  ctx: StepContext,
): string | undefined {
  const at = where(segs);
  if (isIndexPath(segs))
    return typeof actual === typeof expected ? '' : `${at}: expected a ${typeof expected} index`;
  if (isTimestampPath(segs) && typeof expected === 'number') {
    if (typeof actual !== 'number') return `${at}: expected a number, got ${show(actual)}`;
    if (ctx.clientTimes.has(expected) || ctx.clientTimes.has(actual))
      return actual === expected ? '' : `${at}: expected ${expected} got ${actual} (client-sent)`;
    return '';
  }
  if (typeof expected === 'string' && !ctx.sent.has(expected) && isCipherPath(segs, ctx)) {
    if (typeof actual === 'string' && !ctx.sent.has(actual)) return '';
    return `${at}: expected ciphertext, got ${show(actual)}`;
  }
  return undefined;
}

function isRecord(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function diffObjects(
  expected: { [key: string]: Json },
  actual: { [key: string]: Json },
  segs: Segments,
  ctx: StepContext,
  out: string[],
): void {
  for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[k];
    const a = actual[k];
    if (a === undefined) out.push(`${where([...segs, k])}: missing`);
    else if (e === undefined) out.push(`${where([...segs, k])}: unexpected ${show(a)}`);
    else diffJson(e, a, [...segs, k], ctx, out);
  }
}

/**
 * Structural comparison of a recorded JSON body with the emulator's; pushes one line per
 * difference into `out`. Object key order is ignored, array order and `{}` vs `[]` are not.
 */
function diffJson(
  expected: Json,
  actual: Json,
  segs: Segments,
  ctx: StepContext,
  out: string[],
): void {
  const verdict = leafRule(expected, actual, segs, ctx);
  if (verdict !== undefined) {
    if (verdict !== '') out.push(verdict);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length)
      out.push(`${where(segs)}: array length ${expected.length} vs ${actual.length}`);
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++)
      diffJson(expected[i] as Json, actual[i] as Json, [...segs, i], ctx, out);
    return;
  }
  if (isRecord(expected) && isRecord(actual)) {
    diffObjects(expected, actual, segs, ctx, out);
    return;
  }
  const same =
    typeof expected === 'string' && typeof actual === 'string'
      ? expected.replace(GENERATED_ID, '<id>') === actual.replace(GENERATED_ID, '<id>')
      : JSON.stringify(expected) === JSON.stringify(actual);
  if (!same) out.push(`${where(segs)}: expected ${show(expected)} got ${show(actual)}`);
}

function title(html: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1];
}

/** Recorded text body vs ours: nginx HTML pages by `<title>`, any other text exactly. */
function diffText(expected: string, actual: string, contentType: string): string | undefined {
  if (contentType.startsWith('text/html')) {
    const want = title(expected);
    if (want !== undefined && want === title(actual)) return undefined;
    return `body: expected <title>${want}</title>, got ${show(actual.slice(0, 100))}`;
  }
  return expected === actual ? undefined : `body: expected ${show(expected)} got ${show(actual)}`;
}

/** Plugins that did not load where each recording was made (README, environment-specific). */
const UNLOADED: Record<string, readonly string[]> = {
  '3.13.0': ['ai-aws-content-moderation'],
  '3.18.0': [
    'ai-aws-content-moderation',
    'ai-aliyun-content-moderation',
    'ai-proxy',
    'ai-proxy-multi',
    'saml-auth',
  ],
};
const REDACTED = '...<redacted>';

function diffPluginList(expected: Json[], actual: Json, version: string): string[] {
  if (!Array.isArray(actual)) return [`body: expected a plugin list, got ${show(actual)}`];
  const extra = actual.filter((name) => !expected.includes(name));
  const unexplained = extra.filter((name) => !UNLOADED[version]?.includes(String(name)));
  const out = unexplained.map((name) => `body: plugin ${show(name)} not in the recording`);
  const kept = actual.filter((name) => expected.includes(name));
  if (JSON.stringify(kept) !== JSON.stringify(expected))
    out.push('body: plugin list order or members differ from the recording');
  return out;
}

/**
 * The part of an environment-specific answer that is still APISIX's own: the plugin list minus
 * the plugins that did not load there, or the error message before the redacted install path.
 */
function diffEnvSpecific(expected: Json, actual: Json, version: string): string[] {
  if (Array.isArray(expected)) return diffPluginList(expected, actual, version);
  const message = isRecord(expected) ? expected.error_msg : undefined;
  if (typeof message !== 'string' || !message.includes(REDACTED)) return [];
  const prefix = message.slice(0, message.indexOf(REDACTED));
  const got = isRecord(actual) ? actual.error_msg : undefined;
  const sameKeys =
    isRecord(actual) && JSON.stringify(Object.keys(actual)) === JSON.stringify(['error_msg']);
  if (sameKeys && typeof got === 'string' && got.startsWith(prefix)) return [];
  return [`body: expected an error_msg starting ${show(prefix)}, got ${show(actual)}`];
}

export type { Json, StepContext };
export { diffEnvSpecific, diffJson, diffText };
