/**
 * Reading the raw text behind an `env:` or `file:` reference. Secrets Manager lives in
 * `secrets-manager.ts`.
 *
 * @example
 * ```ts
 * readEnvSecret({ kind: 'env', ref: 'env:TOKEN', name: 'TOKEN' }, process.env);
 * ```
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { SecretError } from './errors.js';

/**
 * Reads an environment variable at call time. An unset or empty variable is an error: no
 * credential apisync needs is legitimately empty.
 *
 * @example
 * ```ts
 * readEnvSecret({ ref: 'env:GIT_TOKEN', name: 'GIT_TOKEN' }, { GIT_TOKEN: 'ghp_…' }); // 'ghp_…'
 * ```
 */
function readEnvSecret(
  parsed: { ref: string; name: string },
  env: Record<string, string | undefined>,
): string {
  const value = env[parsed.name];
  if (value === undefined) {
    throw new SecretError(
      parsed.ref,
      'env_unset',
      `environment variable ${parsed.name} is not set`,
    );
  }
  if (value === '') {
    throw new SecretError(parsed.ref, 'empty', `environment variable ${parsed.name} is empty`);
  }
  return value;
}

/** Default file reader: UTF-8 text. */
function defaultReadFile(path: string): Promise<string> {
  return fsReadFile(path, 'utf8');
}

/**
 * Reads a secret file. One trailing newline is dropped (editors and `echo` add one; a header
 * value must not carry it); a file that is empty after that is an error.
 *
 * @example
 * ```ts
 * await readFileSecret({ ref: 'file:/run/secrets/key', path: '/run/secrets/key' }, defaultReadFile);
 * ```
 */
async function readFileSecret(
  parsed: { ref: string; path: string },
  readFile: (path: string) => Promise<string>,
): Promise<string> {
  let text: string;
  try {
    text = await readFile(parsed.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const why = code ? ` (${code})` : '';
    throw new SecretError(parsed.ref, 'file_unreadable', `cannot read ${parsed.path}${why}`, {
      cause: err,
    });
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new SecretError(parsed.ref, 'empty', `file ${parsed.path} is empty`);
  return value;
}

export { defaultReadFile, readEnvSecret, readFileSecret };
