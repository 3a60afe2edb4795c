/**
 * Emulator benchmarks: bulk writes, listing 10,000 routes, and credential writes on 3.18 (whose
 * duplicate auth-key check must stay O(1) however many credentials are stored).
 */
import { request } from 'node:http';
import { startEmulator } from '../lib/emulator/apisix-admin/index.js';
import type { BenchResult } from './types.js';

const KEY = 'bench-admin-key';
const ROUTES = 10_000;
const CONSUMERS = 1_000;
const TIMED_CREDENTIALS = 200;

function send(url: string, method: string, path: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method, headers: { 'X-API-KEY': KEY, 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function keyAuth(key: string): string {
  return JSON.stringify({ plugins: { 'key-auth': { key } } });
}

/** ms per credential PUT once `CONSUMERS` consumers with a credential each are stored (3.18). */
async function credentialWrites(): Promise<number> {
  const emulator = await startEmulator({ version: '3.18.0', adminKey: KEY });
  try {
    for (let i = 0; i < CONSUMERS; i++) {
      const base = `/apisix/admin/consumers/user-${i}`;
      await send(emulator.url, 'PUT', base, JSON.stringify({ username: `user-${i}` }));
      await send(emulator.url, 'PUT', `${base}/credentials/c0`, keyAuth(`key-${i}`));
    }
    const started = performance.now();
    for (let i = 0; i < TIMED_CREDENTIALS; i++) {
      const path = `/apisix/admin/consumers/user-${i}/credentials/c1`;
      await send(emulator.url, 'PUT', path, keyAuth(`other-key-${i}`));
    }
    return (performance.now() - started) / TIMED_CREDENTIALS;
  } finally {
    await emulator.close();
  }
}

async function run(): Promise<BenchResult[]> {
  const credentialMs = await credentialWrites();
  const emulator = await startEmulator({ adminKey: KEY });
  try {
    const started = performance.now();
    for (let i = 0; i < ROUTES; i++) {
      const body = JSON.stringify({
        uri: `/r/${i}`,
        name: `route-${i}`,
        upstream: { type: 'roundrobin', nodes: { '127.0.0.1:1980': 1 } },
      });
      await send(emulator.url, 'PUT', `/apisix/admin/routes/r${i}`, body);
    }
    const writeMs = performance.now() - started;
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await send(emulator.url, 'GET', '/apisix/admin/routes');
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const pageStart = performance.now();
    await send(emulator.url, 'GET', '/apisix/admin/routes?page=20&page_size=500');
    return [
      {
        suite: 'emulator',
        name: 'PUT route (sequential, loopback)',
        value: writeMs / ROUTES,
        unit: 'ms/op',
      },
      {
        suite: 'emulator',
        name: `GET list of ${ROUTES} routes (median of 5)`,
        value: samples[2] ?? 0,
        unit: 'ms',
        target: '< 50 ms',
      },
      {
        suite: 'emulator',
        name: `PUT credential with ${CONSUMERS} stored (3.18, sequential)`,
        value: credentialMs,
        unit: 'ms/op',
        note: 'duplicate auth-key check by index, not by decrypting every credential',
      },
      {
        suite: 'emulator',
        name: `GET page 20 of ${ROUTES} routes`,
        value: performance.now() - pageStart,
        unit: 'ms',
      },
    ];
  } finally {
    await emulator.close();
  }
}

export { run };
