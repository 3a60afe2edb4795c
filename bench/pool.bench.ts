/**
 * Sockets opened, sockets left open and time per call over N sequential "invocations" against
 * a loopback server with APISIX's 60 s keep-alive: a module-scope registry vs a registry per
 * invocation (what ADC's server mode did before PR #376).
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type AgentRegistry, createAgentRegistry, createHttpClient } from '../lib/http/index.js';
import type { BenchResult } from './types.js';

const INVOCATIONS = 200;

interface Counted {
  server: Server;
  url: string;
  opened: () => number;
  open: () => number;
  close: () => Promise<void>;
}

async function countedServer(): Promise<Counted> {
  const sockets = new Set<Socket>();
  let opened = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"list":[],"total":0}'));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    opened++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    opened: () => opened,
    open: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function invoke(registry: AgentRegistry, url: string): Promise<void> {
  const client = createHttpClient({ baseUrl: url, agents: registry.agentsFor(), timeoutMs: 5000 });
  await client.request({ method: 'GET', path: '/apisix/admin/routes' });
}

async function measure(mode: 'module scope' | 'per invocation'): Promise<BenchResult[]> {
  const srv = await countedServer();
  const made: AgentRegistry[] = [];
  const shared = createAgentRegistry();
  made.push(shared);
  const start = performance.now();
  for (let i = 0; i < INVOCATIONS; i++) {
    const registry = mode === 'module scope' ? shared : createAgentRegistry();
    if (registry !== shared) made.push(registry);
    await invoke(registry, srv.url);
  }
  const perCall = (performance.now() - start) / INVOCATIONS;
  const opened = srv.opened();
  const open = srv.open();
  for (const r of made) r.destroy();
  await srv.close();
  const target = mode === 'module scope' ? '<= 1' : undefined;
  return [
    {
      suite: 'pool',
      name: `connections opened, ${mode}`,
      value: opened,
      unit: 'sockets',
      target,
      note: `${INVOCATIONS} invocations`,
    },
    {
      suite: 'pool',
      name: `connections still open, ${mode}`,
      value: open,
      unit: 'sockets',
      target,
    },
    { suite: 'pool', name: `time per invocation, ${mode}`, value: perCall, unit: 'ms' },
  ];
}

async function run(): Promise<BenchResult[]> {
  return [...(await measure('module scope')), ...(await measure('per invocation'))];
}

export { run };
