/**
 * Test-only: replays the recorded APISIX transcripts (test/fixtures/apisix-transcripts) against an
 * emulator and compares status, the recorded headers and the normalised body (see the fixture README).
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface RecordedStep {
  request: {
    method: string;
    path: string;
    resolvedPath?: string;
    headers?: Record<string, string>;
    body?: Json;
    capture?: Record<string, string>;
  };
  response: {
    status: number;
    headers: Record<string, string>;
    bodyType: 'json' | 'text' | 'empty';
    body: Json;
  };
  envSpecific?: string;
}

interface RecordedScenario {
  name: string;
  steps: RecordedStep[];
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const FIXTURES = join(import.meta.dirname, '../../fixtures/apisix-transcripts');
const COMPARED_HEADERS =
  /^(content-type|server|x-api-version|x-digest|x-last-modified|access-control-.*)$/;

function loadRecording(version: string): RecordedScenario[] {
  const raw = JSON.parse(readFileSync(join(FIXTURES, `apisix-${version}.json`), 'utf8')) as {
    scenarios: RecordedScenario[];
  };
  return raw.scenarios;
}

function fill(text: string, key: string, captures: Record<string, string>): string {
  return text
    .replaceAll('<admin-key>', key)
    .replace(/\{\{repeat:(.):(\d+)\}\}/g, (_m, ch: string, n: string) => ch.repeat(Number(n)))
    .replace(/\{\{(\w+)\}\}/g, (_m, name: string) => captures[name] ?? '');
}

function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out[k] = v;
        resolve({
          status: res.statusCode ?? 0,
          headers: out,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function capture(text: string, path: string): string {
  let value: unknown = JSON.parse(text);
  for (const part of path.split('.'))
    value = (value as Record<string, unknown> | undefined)?.[part];
  return String(value);
}

const TIMESTAMPS = new Set(['create_time', 'update_time']);
const INDEXES = new Set(['createdIndex', 'modifiedIndex']);
const CIPHER_KEYS = new Set(['key', 'password', 'keys']);

/** Normalises what differs between runs: timestamps, indexes, generated ids. */
function normalise(value: Json, key = ''): Json {
  if (Array.isArray(value)) return value.map((v) => normalise(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  }
  if (typeof value === 'number' && TIMESTAMPS.has(key)) return '<timestamp>';
  if (typeof value === 'number' && INDEXES.has(key)) return '<index>';
  if (typeof value === 'string') return value.replace(/\d{20}/g, '<generated-id>');
  return value;
}

function stringsOf(value: Json | undefined, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** Structural diff; ciphertext fields only need to be a string that is not the plaintext sent. */
function diff(expected: Json, actual: Json, plain: Set<string>, path: string, out: string[]): void {
  const last = path.split('.').pop() ?? '';
  if (typeof expected === 'string' && typeof actual === 'string' && expected !== actual) {
    const cipherPath = CIPHER_KEYS.has(last) || /\.keys\.\d+$/.test(path);
    if (!(cipherPath && !plain.has(actual)))
      out.push(`${path}: expected ${JSON.stringify(expected)} got ${JSON.stringify(actual)}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length)
      out.push(`${path}: array length ${expected.length} vs ${actual.length}`);
    for (const [i, e] of expected.entries()) diff(e, actual[i] ?? null, plain, `${path}.${i}`, out);
    return;
  }
  if (
    expected &&
    actual &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    !Array.isArray(expected) &&
    !Array.isArray(actual)
  ) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(k in actual)) out.push(`${path}.${k}: missing`);
      else if (!(k in expected))
        out.push(`${path}.${k}: unexpected ${JSON.stringify(actual[k]).slice(0, 80)}`);
      else diff(expected[k] as Json, actual[k] as Json, plain, `${path}.${k}`, out);
    }
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    out.push(
      `${path}: expected ${JSON.stringify(expected)?.slice(0, 120)} got ${JSON.stringify(actual)?.slice(0, 120)}`,
    );
  }
}

function title(html: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1];
}

function compareBody(step: RecordedStep, answer: Answer, out: string[]): void {
  const { bodyType, body } = step.response;
  if (bodyType === 'empty') {
    if (answer.text !== '') out.push(`body: expected empty, got ${answer.text.slice(0, 80)}`);
  } else if (bodyType === 'text') {
    const html = String(step.response.headers['content-type'] ?? '').startsWith('text/html');
    const same = html ? title(String(body)) === title(answer.text) : String(body) === answer.text;
    if (!same)
      out.push(
        `body: expected ${JSON.stringify(body).slice(0, 100)}, got ${JSON.stringify(answer.text).slice(0, 100)}`,
      );
  } else {
    let actual: Json;
    try {
      actual = JSON.parse(answer.text) as Json;
    } catch {
      out.push(`body: not JSON: ${answer.text.slice(0, 100)}`);
      return;
    }
    diff(normalise(body), normalise(actual), stringsOf(step.request.body), 'body', out);
  }
}

function compareHeaders(step: RecordedStep, answer: Answer, out: string[]): void {
  const ours = Object.fromEntries(
    Object.entries(answer.headers).filter(([k]) => COMPARED_HEADERS.test(k)),
  );
  for (const name of new Set([...Object.keys(step.response.headers), ...Object.keys(ours)])) {
    const expected = step.response.headers[name];
    const actual = ours[name];
    if (expected === undefined || actual === undefined)
      out.push(`header ${name}: expected ${expected} got ${actual}`);
    else if (name !== 'x-last-modified' && expected !== actual)
      out.push(`header ${name}: expected ${expected} got ${actual}`);
  }
}

/** One step's request as sent: path, headers and body with captures and the key filled in. */
function prepare(step: RecordedStep, key: string, captures: Record<string, string>) {
  const req = step.request;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? { 'X-API-KEY': '<admin-key>' }))
    headers[k] = fill(v, key, captures);
  let body: string | undefined;
  if (req.body !== undefined) {
    body = fill(typeof req.body === 'string' ? req.body : JSON.stringify(req.body), key, captures);
    headers['Content-Type'] ??= 'application/json';
  }
  return { path: fill(req.path, key, captures), headers, body };
}

/**
 * Replays one scenario; returns the mismatches per step (empty when every step matches).
 */
async function replayScenario(baseUrl: string, key: string, scenario: RecordedScenario) {
  const captures: Record<string, string> = {};
  const results: Array<{ index: number; skipped: boolean; mismatches: string[] }> = [];
  for (const [index, step] of scenario.steps.entries()) {
    const prepared = prepare(step, key, captures);
    const answer = await send(
      baseUrl,
      step.request.method,
      prepared.path,
      prepared.headers,
      prepared.body,
    );
    for (const [name, path] of Object.entries(step.request.capture ?? {}))
      captures[name] = capture(answer.text, path);
    if (step.envSpecific) {
      results.push({ index, skipped: true, mismatches: [] });
      continue;
    }
    const mismatches: string[] = [];
    if (answer.status !== step.response.status)
      mismatches.push(`status: expected ${step.response.status} got ${answer.status}`);
    compareHeaders(step, answer, mismatches);
    compareBody(step, answer, mismatches);
    results.push({ index, skipped: false, mismatches });
  }
  return results;
}

export type { RecordedScenario };
export { loadRecording, replayScenario };
