/**
 * Field encryption as APISIX does it with its default keyring: AES-128-CBC, key = IV = the keyring
 * entry, base64. Using the same key makes the ciphertext byte-identical to real APISIX's.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { isObject } from './json.js';
import type { PluginRegistry } from './plugins/registry.js';
import type { JsonObject } from './types.js';

const KEYRING = Buffer.from('qeddd145sfvddff3');

/**
 * Encrypts a string as APISIX's `encrypt_fields` and SSL keys are stored.
 *
 * @example
 * ```ts
 * encryptField('jack-secret-key'); // 'htgVAxBmYBDntNksyxa31Q=='
 * ```
 */
function encryptField(plain: string): string {
  const cipher = createCipheriv('aes-128-cbc', KEYRING, KEYRING);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** Decrypts; a value that is not our ciphertext comes back unchanged (APISIX logs and keeps it). */
function decryptField(value: string): string {
  try {
    const decipher = createDecipheriv('aes-128-cbc', KEYRING, KEYRING);
    return Buffer.concat([
      decipher.update(Buffer.from(value, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return value;
  }
}

type Transform = (value: string) => string;

function applyPath(conf: JsonObject, path: string, transform: Transform): void {
  const parts = path.split('.');
  const last = parts.pop() as string;
  let target: unknown = conf;
  for (const part of parts) target = isObject(target) ? target[part] : undefined;
  if (!isObject(target)) return;
  const value = target[last];
  if (typeof value === 'string') target[last] = transform(value);
  else if (isObject(value)) {
    // `auth.header` style fields encrypt every string inside the object.
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') value[k] = transform(v);
  }
}

/**
 * Applies `transform` to every `encrypt_fields` entry of the plugins in `plugins` (in place).
 *
 * @example
 * ```ts
 * transformPlugins(value.plugins, registry, true, encryptField);
 * ```
 */
function transformPlugins(
  plugins: unknown,
  registry: PluginRegistry,
  consumer: boolean,
  transform: Transform,
): void {
  if (!isObject(plugins)) return;
  for (const [name, conf] of Object.entries(plugins)) {
    const def = registry.get(name);
    if (!def || !isObject(conf)) continue;
    const schema = consumer && def.consumerSchema ? def.consumerSchema : def.schema;
    const fields = schema.encrypt_fields;
    if (!Array.isArray(fields)) continue;
    for (const field of fields) if (typeof field === 'string') applyPath(conf, field, transform);
  }
}

export { decryptField, encryptField, transformPlugins };
