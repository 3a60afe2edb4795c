/**
 * `apisync dump`: the live configuration as ADC YAML that syncs back to zero changes.
 *
 * @example
 * ```sh
 * apisync dump -o adc.yaml --server http://127.0.0.1:9180 --token "$ADC_TOKEN"
 * ```
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { type AdcConfig, fromResources } from '../../config/index.js';
import type { Resource } from '../../config/resources-types.js';
import { createAgentRegistry } from '../../http/registry.js';
import { connect } from '../../sync/backend.js';
import { keepInScope, resolveScope, scopePredicate } from '../../sync/scope.js';
import { parse, scopeFromFlags, targetFromFlags } from '../options.js';
import { EXIT, guarded } from '../output.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: apisync dump [-o FILE|-] [--with-id] [gateway and scope options]

Write the gateway's configuration (within the label selector and resource types) as ADC YAML,
to FILE (default adc.yaml, as ADC does) or, with -o -, to stdout. Custom ids are always kept so the file syncs back to zero changes;
--with-id writes every id, derived ones included (adopting resources another tool created).
SSL private keys are never returned by the Admin API: dumped SSLs carry no key.
Exit codes: 0 written, 1 failed, 64 usage error.
`;

const OPTIONS = { output: { type: 'string', short: 'o' }, 'with-id': { type: 'boolean' } } as const;

type Named = { name?: string; id?: string };

/** Sets `id` on every item of `list` whose resource (by parent and name) is known. */
function fillIds(list: Named[] | undefined, ids: Map<string, string>, prefix: string): void {
  for (const item of list ?? []) {
    const id = item.name === undefined ? undefined : ids.get(`${prefix}|${item.name}`);
    if (id !== undefined) item.id = id;
  }
}

/** `--with-id`: every id written out, derived ones too (ADC's `dump --with-id`). */
function withIds(config: AdcConfig, resources: readonly Resource[]): AdcConfig {
  const ids = new Map<string, string>();
  for (const r of resources) ids.set(`${r.type}|${r.parentId ?? ''}|${r.name}`, r.id);
  for (const service of config.services ?? []) {
    fillIds([service], ids, 'service|');
    const parent = service.id ?? '';
    fillIds(service.routes, ids, `route|${parent}`);
    fillIds(service.stream_routes, ids, `stream_route|${parent}`);
    fillIds(service.upstreams, ids, `upstream|${parent}`);
  }
  for (const ssl of config.ssls ?? []) {
    const id = ids.get(`ssl||${ssl.snis.join(',')}`);
    if (id !== undefined) ssl.id = id;
  }
  for (const consumer of config.consumers ?? []) {
    fillIds(consumer.credentials, ids, `consumer_credential|${consumer.username}`);
  }
  return config;
}

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const { values } = parse(args, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const target = await targetFromFlags(values, io);
    const scope = resolveScope(scopeFromFlags(values));
    const registry = createAgentRegistry({ env: io.env });
    try {
      const { backend } = connect(target, registry);
      const { resources } = await backend.dump({ types: scope.types });
      const inScope = keepInScope(resources, scopePredicate(scope, resources));
      const config = fromResources(inScope);
      const yaml = stringify(values['with-id'] === true ? withIds(config, inScope) : config, {
        sortMapEntries: true,
      });
      // ADC's default file, so scripts written for `adc dump` keep working.
      const output = (values.output as string | undefined) ?? 'adc.yaml';
      if (output === '-') {
        io.stdout.write(yaml);
      } else {
        await writeFile(resolve(io.cwd, output), yaml);
        io.stderr.write(`wrote ${inScope.length} resources to ${output}\n`);
      }
      return EXIT.OK;
    } finally {
      registry.destroy();
    }
  });
}

export { run, withIds };
