/**
 * One case per differ behaviour pinned by ADC's unit tests (reference adc.md §5.2) and per
 * behaviour read from its code (§4), adapted to the flat resource model. Each case states its
 * full expected event list; where apisync deliberately differs from ADC the case name says so.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../lib/config/resources-types.js';
import { diff } from '../../../lib/differ/index.js';
import type { DiffEvent, DiffOptions } from '../../../lib/differ/types.js';
import { created, deleted, updated } from '../../fixtures/differ/events.js';
import { live313 } from '../../fixtures/differ/live313.js';
import {
  consumer,
  credential,
  deepFreeze,
  globalRule,
  inlineUpstream,
  live318,
  namedUpstream,
  pluginMetadata,
  route,
  service,
  sha1,
  ssl,
  streamRoute,
} from '../../fixtures/differ/resources.js';

interface Case {
  name: string;
  desired: Resource[];
  live: Resource[];
  options?: DiffOptions;
  expected: DiffEvent[];
}

const alice = consumer('alice');
const aliceKeyAuth = consumer('alice', { plugins: { 'key-auth': { key: 'alice-key' } } });
const svc = service('httpbin');
const svcUp = inlineUpstream('httpbin');
const getRoute = route('httpbin', 'get');
const getRouteCors = route('httpbin', 'get', { plugins: { cors: { max_age: 10 } } });
const limited = { plugins: { 'limit-count': { count: 10, time_window: 60 } } };
const cred = credential('alice', 'primary', { 'key-auth': { key: 'k1' } });
const credRotated = credential('alice', 'primary', { 'key-auth': { key: 'k2' } });
const credOld = credential('alice', 'old', { 'basic-auth': { username: 'a', password: 'p' } });
const credNew = credential('alice', 'new', { 'jwt-auth': { key: 'a', secret: 's' } });
const backup = namedUpstream('httpbin', 'backup');
const passiveChecks = inlineUpstream('httpbin', {
  checks: { active: { http_path: '/status' }, passive: { type: 'http' } },
});
const mtlsUpstream = inlineUpstream('mtls', { tls: { client_cert_id: sha1('client.example.com') } });

const basicCases: Case[] = [
  { name: 'returns no events for empty inputs', desired: [], live: [], expected: [] },
  {
    name: 'creates a consumer',
    desired: [alice],
    live: [],
    expected: [created(alice)],
  },
  {
    name: 'updates a consumer when a plugin is added',
    desired: [aliceKeyAuth],
    live: [live318(alice)],
    expected: [
      updated(aliceKeyAuth, live318(alice), [
        { path: 'plugins', after: { 'key-auth': { key: 'alice-key' } } },
      ]),
    ],
  },
  {
    name: 'deletes a live consumer missing from desired',
    desired: [],
    live: [live318(alice)],
    expected: [deleted(live318(alice))],
  },
  {
    name: 'orders deletes, then creates, then updates',
    desired: [consumer('carol'), aliceKeyAuth],
    live: [live318(alice), live318(consumer('bob'))],
    expected: [
      deleted(live318(consumer('bob'))),
      created(consumer('carol')),
      updated(aliceKeyAuth, live318(alice), [
        { path: 'plugins', after: { 'key-auth': { key: 'alice-key' } } },
      ]),
    ],
  },
  {
    name: 'absorbs a live-only core default (desc: "")',
    desired: [alice],
    live: [{ ...live318(alice), value: { ...live318(alice).value, desc: '' } }],
    options: { defaults: { core: { consumer: { properties: { desc: { default: '' } } } }, plugins: {} } },
    expected: [],
  },
  {
    name: 'absorbs a live-only plugin default',
    desired: [route('httpbin', 'get', { plugins: { 'key-auth': {} } })],
    live: [live313(route('httpbin', 'get', { plugins: { 'key-auth': {} } }))],
    expected: [],
  },
  {
    name: 'updates a route when a plugin is added',
    desired: [getRouteCors],
    live: [live318(getRoute)],
    expected: [
      updated(getRouteCors, live318(getRoute), [{ path: 'plugins', after: { cors: { max_age: 10 } } }]),
    ],
  },
  {
    name: 'reports only the changed plugin field against injected defaults; newValue stays the desired body',
    desired: [route('httpbin', 'get', limited)],
    live: [live313(route('httpbin', 'get', { plugins: { 'limit-count': { count: 5, time_window: 60 } } }))],
    expected: [
      updated(
        route('httpbin', 'get', limited),
        live313(route('httpbin', 'get', { plugins: { 'limit-count': { count: 5, time_window: 60 } } })),
        [{ path: 'plugins.limit-count.count', before: 5, after: 10 }],
      ),
    ],
  },
  {
    name: 'derives the SSL id from its snis',
    desired: [ssl(['a.example.com', 'b.example.com'])],
    live: [],
    expected: [
      {
        ...created(ssl(['a.example.com', 'b.example.com'])),
        resourceId: sha1('a.example.com,b.example.com'),
      },
    ],
  },
  {
    name: 'emits only the child event when a nested route changes under an unchanged service',
    desired: [svc, svcUp, getRouteCors],
    live: [live318(svc), live318(svcUp), live318(getRoute)],
    expected: [
      updated(getRouteCors, live318(getRoute), [{ path: 'plugins', after: { cors: { max_age: 10 } } }], 'httpbin'),
    ],
  },
];

const nestedCases: Case[] = [
  {
    name: 'updates the service before its route when both changed (ADC: route first)',
    desired: [service('httpbin', { path_prefix: '/v2' }), svcUp, getRouteCors],
    live: [live318(svc), live318(svcUp), live318(getRoute)],
    expected: [
      updated(service('httpbin', { path_prefix: '/v2' }), live318(svc), [
        { path: 'path_prefix', after: '/v2' },
      ]),
      updated(getRouteCors, live318(getRoute), [{ path: 'plugins', after: { cors: { max_age: 10 } } }], 'httpbin'),
    ],
  },
  {
    name: 'keeps unchanged plugins in old and new values while changes list only the changed field',
    desired: [service('httpbin', { ...limited, hosts: ['b.example.com'] })],
    live: [live313(service('httpbin', { ...limited, hosts: ['a.example.com'] }))],
    expected: [
      updated(
        service('httpbin', { ...limited, hosts: ['b.example.com'] }),
        live313(service('httpbin', { ...limited, hosts: ['a.example.com'] })),
        [{ path: 'hosts[0]', before: 'a.example.com', after: 'b.example.com' }],
      ),
    ],
  },
  {
    name: 'does not count an absent object default but absorbs defaults inside a present one',
    desired: [inlineUpstream('httpbin', { checks: { active: { http_path: '/status' } } })],
    live: [
      live318(
        inlineUpstream('httpbin', {
          checks: {
            active: {
              http_path: '/status',
              type: 'http',
              timeout: 1,
              concurrency: 10,
              https_verify_certificate: true,
            },
          },
        }),
      ),
    ],
    expected: [],
  },
  {
    name: 'counts a live-only object without a schema default as a change',
    desired: [inlineUpstream('httpbin', { checks: { active: { http_path: '/status' } } })],
    live: [live318(passiveChecks)],
    expected: [
      updated(
        inlineUpstream('httpbin', { checks: { active: { http_path: '/status' } } }),
        live318(passiveChecks),
        [{ path: 'checks.passive', before: { type: 'http' } }],
        undefined,
      ),
    ],
  },
  {
    name: 'absorbs the array item default nodes[].priority per element',
    desired: [svcUp],
    live: [live313(svcUp)],
    expected: [],
  },
  {
    name: 'derives HTTP and stream route ids from the parent name',
    desired: [route('svc', 'r'), streamRoute('tcp', 's')],
    live: [],
    expected: [
      { ...created(route('svc', 'r')), resourceId: sha1('svc.r'), parentId: sha1('svc') },
      { ...created(streamRoute('tcp', 's')), resourceId: sha1('tcp.s'), parentId: sha1('tcp') },
    ],
  },
  {
    name: 'updates when a desired false overrides a true default',
    desired: [route('httpbin', 'get', { plugins: { 'limit-count': { count: 5, time_window: 60, show_limit_quota_header: false } } })],
    live: [live313(route('httpbin', 'get', { plugins: { 'limit-count': { count: 5, time_window: 60 } } }))],
    expected: [
      updated(
        route('httpbin', 'get', { plugins: { 'limit-count': { count: 5, time_window: 60, show_limit_quota_header: false } } }),
        live313(route('httpbin', 'get', { plugins: { 'limit-count': { count: 5, time_window: 60 } } })),
        [{ path: 'plugins.limit-count.show_limit_quota_header', before: true, after: false }],
      ),
    ],
  },
];

const consumerCases: Case[] = [
  {
    name: 'deletes, creates and updates credentials under one consumer, in that order',
    desired: [alice, credRotated, credNew],
    live: [live318(alice), live318(cred), live318(credOld)],
    expected: [
      deleted(live318(credOld), 'alice'),
      created(credNew, 'alice'),
      updated(credRotated, live318(cred), [{ path: 'plugins.key-auth.key', before: 'k1', after: 'k2' }], 'alice'),
    ],
  },
  {
    name: 'deletes the credentials before their consumer (ADC: consumer first)',
    desired: [],
    live: [live318(alice), live318(cred)],
    expected: [deleted(live318(cred), 'alice'), deleted(live318(alice))],
  },
];

const idCases: Case[] = [
  {
    name: 'replaces services whose id changes, in both directions (generated ↔ custom)',
    desired: [
      { ...service('a', {}, false), id: 'custom-a' },
      service('b', {}, false),
    ],
    live: [live318(service('a', {}, false)), live318({ ...service('b', {}, false), id: 'custom-b' })],
    expected: [
      created({ ...service('a', {}, false), id: 'custom-a' }),
      created(service('b', {}, false)),
      deleted(live318(service('a', {}, false))),
      deleted(live318({ ...service('b', {}, false), id: 'custom-b' })),
    ],
  },
];

const upstreamCases: Case[] = [
  {
    name: 'returns no events for an identical service with inline and named upstreams',
    desired: [svc, svcUp, backup],
    live: [live313(svc), live313(svcUp), live313(backup)],
    expected: [],
  },
  {
    name: 'updates the inline upstream when its name is removed',
    desired: [{ ...svcUp, value: { ...svcUp.value, name: undefined } }],
    live: [live318(svcUp)],
    expected: [
      updated({ ...svcUp, value: { ...svcUp.value, name: undefined } }, live318(svcUp), [
        { path: 'name', before: 'httpbin' },
      ]),
    ],
  },
  {
    name: 'creates named upstreams with their service, keeping a custom id',
    desired: [svc, svcUp, { ...backup, id: 'my-backup' }],
    live: [],
    expected: [
      created(svcUp, 'httpbin'),
      created({ ...backup, id: 'my-backup' }, 'httpbin'),
      created(svc),
    ],
  },
  {
    name: 'replaces a renamed named upstream (delete plus create)',
    desired: [svc, namedUpstream('httpbin', 'standby')],
    live: [live318(svc), live318(backup)],
    expected: [created(namedUpstream('httpbin', 'standby'), 'httpbin'), deleted(live318(backup), 'httpbin')],
  },
  {
    name: 'updates a named upstream node host',
    desired: [namedUpstream('httpbin', 'backup', { nodes: [{ host: 'b2.example.com', port: 443, weight: 1 }] })],
    live: [live318(backup)],
    expected: [
      updated(
        namedUpstream('httpbin', 'backup', { nodes: [{ host: 'b2.example.com', port: 443, weight: 1 }] }),
        live318(backup),
        [{ path: 'nodes[0].host', before: 'backup.example.com', after: 'b2.example.com' }],
      ),
    ],
  },
  {
    name: 'deletes a named upstream after the service stops existing',
    desired: [],
    live: [live318(svc), live318(backup)],
    expected: [deleted(live318(svc)), deleted(live318(backup), 'httpbin')],
  },
  {
    name: 'creates and updates SSLs before the upstream that references them',
    desired: [mtlsUpstream, ssl(['client.example.com']), ssl(['www.example.com'], 'other-key')],
    live: [live318(ssl(['www.example.com']))],
    expected: [
      created(ssl(['client.example.com'])),
      updated(ssl(['www.example.com'], 'other-key'), live318(ssl(['www.example.com'])), [
        {
          path: 'labels.__APISYNC_CERT_DIGEST',
          before: (ssl(['www.example.com']).value.labels as Record<string, string>).__APISYNC_CERT_DIGEST,
          after: (ssl(['www.example.com'], 'other-key').value.labels as Record<string, string>)
            .__APISYNC_CERT_DIGEST,
        },
      ]),
      created(mtlsUpstream),
    ],
  },
];

const r2 = route('httpbin', 'post');
const renamedSvc = service('httpbin-v2');
const renamedUp = inlineUpstream('httpbin-v2');
const useCases: Case[] = [
  {
    name: 'renaming a service recreates it and its routes',
    desired: [renamedSvc, renamedUp, route('httpbin-v2', 'get'), route('httpbin-v2', 'post')],
    live: [live318(svc), live318(svcUp), live318(getRoute), live318(r2)],
    expected: [
      deleted(live318(getRoute), 'httpbin'),
      deleted(live318(r2), 'httpbin'),
      created(renamedUp, 'httpbin-v2'),
      created(renamedSvc),
      created(route('httpbin-v2', 'get'), 'httpbin-v2'),
      created(route('httpbin-v2', 'post'), 'httpbin-v2'),
      deleted(live318(svc)),
      deleted(live318(svcUp), 'httpbin'),
    ],
  },
  {
    name: 'absorbs a large realistic 3.13 upstream default table',
    desired: [inlineUpstream('httpbin', { checks: { active: { http_path: '/status', healthy: { interval: 2, successes: 1 }, unhealthy: { interval: 1, http_failures: 2 } } } })],
    live: [
      live318(
        inlineUpstream('httpbin', {
          type: 'roundrobin',
          scheme: 'http',
          pass_host: 'pass',
          hash_on: 'vars',
          nodes: { 'httpbin.org:80': 100 },
          checks: {
            active: {
              unhealthy: { http_failures: 2, tcp_failures: 2, interval: 1, http_statuses: [429, 404, 500, 501, 502, 503, 504, 505], timeouts: 3 },
              timeout: 1,
              http_path: '/status',
              concurrency: 10,
              healthy: { http_statuses: [200, 302], interval: 2, successes: 1 },
              https_verify_certificate: true,
              type: 'http',
            },
          },
        }),
      ),
    ],
    expected: [],
  },
];

const codeCases: Case[] = [
  {
    name: 'treats labels: undefined as absent (ADC: a change)',
    desired: [{ ...alice, value: { username: 'alice', labels: undefined } }],
    live: [live318({ ...alice, value: { username: 'alice' } })],
    expected: [],
  },
  {
    name: 'detects an SSL key rotation through the digest label (ADC: invisible)',
    desired: [ssl(['www.example.com'], 'rotated-key')],
    live: [live313(ssl(['www.example.com']))],
    expected: [
      updated(ssl(['www.example.com'], 'rotated-key'), live313(ssl(['www.example.com'])), [
        {
          path: 'labels.__APISYNC_CERT_DIGEST',
          before: (ssl(['www.example.com']).value.labels as Record<string, string>).__APISYNC_CERT_DIGEST,
          after: (ssl(['www.example.com'], 'rotated-key').value.labels as Record<string, string>)
            .__APISYNC_CERT_DIGEST,
        },
      ]),
    ],
  },
  {
    name: 'normalises plugin metadata before comparing (ADC: raw, perpetual update)',
    desired: [pluginMetadata('http-logger', { log_format: { host: '$host' } })],
    live: [live318(pluginMetadata('http-logger', { log_format: { host: '$host' } }))],
    expected: [],
  },
  {
    name: 'normalises global rules with injected plugin defaults',
    desired: [globalRule('prometheus', {})],
    live: [live313(globalRule('prometheus', {}))],
    expected: [],
  },
];

describe('diff', () => {
  describe.each([
    ['basic', basicCases],
    ['nested resources', nestedCases],
    ['consumers and credentials', consumerCases],
    ['custom ids', idCases],
    ['service upstreams', upstreamCases],
    ['use cases', useCases],
    ['behaviours read from ADC code', codeCases],
  ])('%s', (_group, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      // Prepare: frozen inputs prove the differ never mutates them.
      const desired = deepFreeze(structuredClone(c.desired));
      const live = deepFreeze(structuredClone(c.live));

      // Act
      const events = diff(desired, live, c.options);

      // Assess
      expect(events).toEqual(c.expected);
    });
  });
});
