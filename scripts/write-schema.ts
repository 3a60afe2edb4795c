/**
 * `npm run schema`: writes the JSON Schema of the ADC configuration for editors
 * (`# yaml-language-server: $schema=../schema/adc.schema.json`). Defaults appear as annotations
 * only; apisync's lint never applies them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { adcConfigSchema } from '../lib/config/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'schema', 'adc.schema.json');

const main = async (): Promise<void> => {
  const schema = z.toJSONSchema(adcConfigSchema, { io: 'input', unrepresentable: 'any' });
  const document = { ...schema, title: 'ADC 0.28 configuration (as accepted by apisync)' };
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
};

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
