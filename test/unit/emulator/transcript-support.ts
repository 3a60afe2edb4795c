/**
 * Test-only: replays the recorded APISIX transcripts (test/fixtures/apisix-transcripts) against an
 * emulator and compares status, the recorded headers and the body, normalised only as the fixture
 * README allows (rules in transcript-compare.ts).
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  diffEnvSpecific,
  diffJson,
  diffText,
  type Json,
  type StepContext,
} from './transcript-compare.js';

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

/** What the client sent so far in one scenario. */
interface ScenarioMemory {
  sent: Set<string>;
  clientTimes: Set<number>;
}

interface StepResult {
  index: number;
  /** Environment-specific step: status, headers and only the README's stable part of the body. */
  skipped: boolean;
  mismatches: string[];
}

const TIMESTAMPS = new Set(['create_time', 'update_time']);
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

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function capture(text: string, path: string): string {
  let value: unknown = JSON.parse(text);
  for (const part of path.split('.'))
    value = (value as Record<string, unknown> | undefined)?.[part];
  return String(value);
}

function stringsOf(value: Json | undefined, out: Set<string>): void {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) stringsOf(v, out);
}

function timesOf(value: Json | undefined, out: Set<number>): void {
  if (Array.isArray(value)) for (const v of value) timesOf(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (TIMESTAMPS.has(k) && typeof v === 'number') out.add(v);
      else timesOf(v, out);
    }
}

/** Records what the client sent: every string, and timestamps (also a sub-path PATCH of one). */
function noteSent(memory: ScenarioMemory, path: string, body: string | undefined): void {
  if (body === undefined) return;
  let parsed: Json;
  try {
    parsed = JSON.parse(body) as Json;
  } catch {
    memory.sent.add(body);
    return;
  }
  stringsOf(parsed, memory.sent);
  timesOf(parsed, memory.clientTimes);
  const field = path.split('?')[0]?.split('/').at(-1) ?? '';
  if (TIMESTAMPS.has(field) && typeof parsed === 'number') memory.clientTimes.add(parsed);
}

function compareBody(step: RecordedStep, answer: Answer, ctx: StepContext, out: string[]): void {
  const { bodyType, body } = step.response;
  if (bodyType === 'empty') {
    if (answer.text !== '') out.push(`body: expected empty, got ${answer.text.slice(0, 80)}`);
  } else if (bodyType === 'text') {
    const problem = diffText(
      String(body),
      answer.text,
      step.response.headers['content-type'] ?? '',
    );
    if (problem) out.push(problem);
  } else {
    let actual: Json;
    try {
      actual = JSON.parse(answer.text) as Json;
    } catch {
      out.push(`body: not JSON: ${answer.text.slice(0, 100)}`);
      return;
    }
    diffJson(body, actual, [], ctx, out);
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
async function replayScenario(
  baseUrl: string,
  key: string,
  scenario: RecordedScenario,
  version: string,
): Promise<StepResult[]> {
  const captures: Record<string, string> = {};
  const memory: ScenarioMemory = { sent: new Set(), clientTimes: new Set() };
  const results: StepResult[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    const { method } = step.request;
    const prepared = prepare(step, key, captures);
    noteSent(memory, prepared.path, prepared.body);
    const answer = await send(baseUrl, method, prepared.path, prepared.headers, prepared.body);
    for (const [name, path] of Object.entries(step.request.capture ?? {}))
      captures[name] = capture(answer.text, path);
    const mismatches: string[] = [];
    if (answer.status !== step.response.status)
      mismatches.push(`status: expected ${step.response.status} got ${answer.status}`);
    compareHeaders(step, answer, mismatches);
    const path = prepared.path.split('?')[0] ?? '';
    const ctx: StepContext = { version, method, path, ...memory };
    if (!step.envSpecific) compareBody(step, answer, ctx, mismatches);
    else mismatches.push(...diffEnvSpecific(step.response.body, parseJson(answer.text), version));
    results.push({ index, skipped: Boolean(step.envSpecific), mismatches });
  }
  return results;
}

/**
 * The comparison context of every step, from the recording alone (captures are taken from the
 * recorded answers), so the comparison rules can be tested without an emulator.
 */
function recordedContexts(scenario: RecordedScenario, version: string): StepContext[] {
  const captures: Record<string, string> = {};
  const memory: ScenarioMemory = { sent: new Set(), clientTimes: new Set() };
  return scenario.steps.map((step) => {
    const prepared = prepare(step, '<admin-key>', captures);
    noteSent(memory, prepared.path, prepared.body);
    for (const [name, path] of Object.entries(step.request.capture ?? {}))
      captures[name] = capture(JSON.stringify(step.response.body), path);
    return {
      version,
      method: step.request.method,
      path: prepared.path.split('?')[0] ?? '',
      sent: new Set(memory.sent),
      clientTimes: new Set(memory.clientTimes),
    };
  });
}

export type { RecordedScenario, RecordedStep, StepResult };
export { loadRecording, recordedContexts, replayScenario };
