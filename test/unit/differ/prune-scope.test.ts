import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../lib/config/resources-types.js';
import { diff } from '../../../lib/differ/index.js';
import type { DiffEvent, DiffOptions } from '../../../lib/differ/types.js';
import { created, deleted, updated } from '../../fixtures/differ/events.js';
import {
  consumer,
  credential,
  deepFreeze,
  globalRule,
  inlineUpstream,
  live318,
  pluginMetadata,
  route,
  service,
  sha1,
  ssl,
} from '../../fixtures/differ/resources.js';

function unlabelled(resource: Resource): Resource {
  const { labels: _labels, ...value } = resource.value;
  return { ...resource, value };
}

function labelled(resource: Resource, labels: Record<string, string>): Resource {
  return { ...resource, value: { ...resource.value, labels } };
}

const owned = live318(consumer('alice'));
const foreign = live318(unlabelled(consumer('bob')));
const ownedCred = live318(unlabelled(credential('alice', 'c', { 'key-auth': { key: 'k' } })));
const svc = live318(service('httpbin'));
const svcUp = live318(unlabelled(inlineUpstream('httpbin')));
const ownedRoute = live318(route('httpbin', 'get'));
const foreignRoute = live318(unlabelled(route('httpbin', 'admin')));
const rule = live318(globalRule('prometheus', {}));
const meta = live318(pluginMetadata('http-logger', { log_format: {} }));
const byTeam = (team: string) => (r: Resource, parent?: Resource) =>
  ((parent ?? r).value.labels as Record<string, string> | undefined)?.team === team;
const noUpstreams = (r: Resource) => r.type !== 'upstream';
const namedUp = {
  ...unlabelled(inlineUpstream('httpbin')),
  id: sha1('httpbin.extra'),
  name: 'extra',
};
const teamA = labelled(consumer('ann'), { team: 'a' });
const teamB = labelled(consumer('ben'), { team: 'b' });
const teamASvc = labelled(service('a-svc'), { team: 'a' });
const teamAUp = unlabelled(inlineUpstream('a-svc'));
const teamACred = unlabelled(credential('ann', 'c', { 'key-auth': { key: 'k' } }));
const client = live318(ssl(['client.example.com']));
const mtls = live318({
  ...unlabelled(inlineUpstream('mtls', { tls: { client_cert_id: sha1('client.example.com') } })),
  parentId: undefined,
});

interface Case {
  name: string;
  desired: Resource[];
  live: Resource[];
  options: DiffOptions;
  expected: DiffEvent[];
}

const cases: Case[] = [
  {
    name: 'never deletes with prune none',
    desired: [],
    live: [owned, foreign, rule],
    options: { prune: 'none' },
    expected: [],
  },
  {
    name: 'deletes everything live and undesired with prune all, labelled or not',
    desired: [],
    live: [owned, foreign, rule, meta],
    options: { prune: 'all' },
    expected: [deleted(owned), deleted(foreign), deleted(rule), deleted(meta)],
  },
  {
    name: 'deletes only resources carrying the owner label with prune owned',
    desired: [],
    live: [owned, foreign],
    options: { prune: 'owned' },
    expected: [deleted(owned)],
  },
  {
    name: 'never prunes global rules and plugin metadata with prune owned',
    desired: [],
    live: [rule, meta],
    options: { prune: 'owned' },
    expected: [],
  },
  {
    name: 'lets a credential follow its owned consumer, deleting it first',
    desired: [],
    live: [owned, ownedCred],
    options: { prune: 'owned' },
    expected: [deleted(ownedCred, 'alice'), deleted(owned)],
  },
  {
    name: 'lets an inline upstream follow its owned service',
    desired: [],
    live: [svc, svcUp, ownedRoute],
    options: { prune: 'owned' },
    expected: [deleted(ownedRoute, 'httpbin'), deleted(svc), deleted(svcUp, 'httpbin')],
  },
  {
    name: 'keeps an owned service (and its upstream) that a foreign route still uses',
    desired: [],
    live: [svc, svcUp, ownedRoute, foreignRoute],
    options: { prune: 'owned' },
    expected: [deleted(ownedRoute, 'httpbin')],
  },
  {
    name: 'honours a custom owner label',
    desired: [],
    live: [owned, live318(labelled(consumer('carl'), { owner: 'me' }))],
    options: { prune: 'owned', ownerLabel: { key: 'owner', value: 'me' } },
    expected: [deleted(live318(labelled(consumer('carl'), { owner: 'me' })))],
  },
  {
    name: 'keeps an SSL that a surviving upstream references',
    desired: [],
    live: [client, mtls],
    options: { prune: 'all', inScope: (r) => r.type === 'ssl' },
    expected: [],
  },
  {
    name: 'ignores out-of-scope resources on both sides',
    desired: [teamA, teamB],
    live: [live318(labelled(consumer('old-b'), { team: 'b' }))],
    options: { inScope: byTeam('a') },
    expected: [created(teamA)],
  },
  {
    name: 'lets credentials and inline upstreams follow their parent into scope',
    desired: [teamA, teamACred, teamASvc, teamAUp],
    live: [],
    options: { inScope: byTeam('a') },
    expected: [
      created(teamAUp, 'a-svc'),
      created(teamASvc),
      created(teamA),
      created(teamACred, 'ann'),
    ],
  },
  {
    name: 'judges a follower by its own type: excluding upstreams keeps a named upstream alive',
    desired: [service('httpbin')],
    live: [svc, live318(namedUp)],
    options: { prune: 'all', inScope: noUpstreams },
    expected: [],
  },
  {
    name: 'passes a follower its parent, so a label selector reaches credentials',
    desired: [],
    live: [live318(teamA), live318(teamACred), live318(teamB)],
    options: { prune: 'all', inScope: byTeam('a') },
    expected: [deleted(live318(teamACred), 'ann'), deleted(live318(teamA))],
  },
  {
    name: 'keeps a service that an out-of-scope route still uses, with prune all',
    desired: [],
    live: [labelled(svc, { team: 'a' }), labelled(foreignRoute, { team: 'b' })],
    options: { prune: 'all', inScope: byTeam('a') },
    expected: [],
  },
  {
    name: 'updates (not creates) a desired resource whose live twin is out of scope',
    desired: [teamA],
    live: [live318(unlabelled(consumer('ann')))],
    options: { inScope: byTeam('a') },
    expected: [
      updated(teamA, live318(unlabelled(consumer('ann'))), [
        { path: 'labels', after: { team: 'a' } },
      ]),
    ],
  },
];

describe('diff pruning and scope', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const events = diff(
      deepFreeze(structuredClone(c.desired)),
      deepFreeze(structuredClone(c.live)),
      c.options,
    );

    expect(events).toEqual(c.expected);
  });
});

describe('diff purity', () => {
  it('returns equal plans for repeated calls and leaves frozen inputs untouched', () => {
    // Prepare
    const desired = deepFreeze([service('httpbin', { hosts: ['x'] }), route('httpbin', 'get')]);
    const live = deepFreeze([svc, svcUp, foreignRoute]);
    const snapshot = JSON.stringify([desired, live]);

    // Act
    const first = diff(desired, live);
    const second = diff(desired, live);

    // Assess
    expect(second).toEqual(first);
    expect(JSON.stringify([desired, live])).toBe(snapshot);
    expect(first.find((e) => e.type === 'update')?.newValue).toBe(desired[0]?.value);
  });
});
