/**
 * `local` source: a directory and globs. The "commit" is a SHA-256 over the selected paths and
 * contents, so an unchanged directory yields the same `sha` run after run.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { SourceError } from './errors.js';
import { DEFAULT_PATHS } from './glob.js';
import { LIMITS, makeSnapshot } from './snapshot.js';
import type { ReadOptions, SourceFile, SourceSnapshot, SourceSpec } from './types.js';

async function assertDirectory(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch (err) {
    throw new SourceError('directory not found', { kind: 'not_found', url: dir }, { cause: err });
  }
  throw new SourceError('not a directory', { kind: 'invalid', url: dir });
}

/**
 * Reads one listed file. A file can go away (or turn into a directory) between the listing and
 * the read, when someone edits the directory meanwhile: that is a `SourceError` like every
 * other failure to read the source, never a raw Node error.
 */
async function readListed(dir: string, path: string): Promise<string> {
  try {
    return await readFile(join(dir, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const gone = code === 'ENOENT' || code === 'ENOTDIR';
    const message = gone
      ? `${path} disappeared while the directory was read`
      : `cannot read ${path}${code ? ` (${code})` : ''}`;
    throw new SourceError(
      message,
      { kind: gone ? 'not_found' : 'unreachable', url: dir },
      { cause: err },
    );
  }
}

/**
 * SHA-256 over `path NUL content NUL` of every file, in snapshot order.
 *
 * @example
 * ```ts
 * contentHash([{ path: 'a.yaml', content: 'x' }]); // 64 hex characters
 * ```
 */
function contentHash(files: readonly SourceFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.path).update('\0').update(f.content).update('\0');
  return hash.digest('hex');
}

/**
 * Reads the files of `spec.path` selected by `spec.paths`.
 *
 * @example
 * ```ts
 * const snap = await readLocal({ type: 'local', path: './examples' }, {});
 * console.log(snap.sha, snap.files.length);
 * ```
 */
async function readLocal(spec: SourceSpec, opts: ReadOptions): Promise<SourceSnapshot> {
  const dir = resolve(spec.path ?? '.');
  await assertDirectory(dir);
  const paths = await glob(spec.paths ?? DEFAULT_PATHS, {
    cwd: dir,
    onlyFiles: true,
    expandDirectories: false,
  });
  if (paths.length > LIMITS.maxFiles) {
    throw new SourceError(`${paths.length} files match, more than ${LIMITS.maxFiles}`, {
      kind: 'too_large',
      url: dir,
    });
  }
  let bytes = 0;
  const files: SourceFile[] = [];
  for (const path of paths) {
    const content = await readListed(dir, path);
    bytes += Buffer.byteLength(content);
    if (bytes > LIMITS.maxBytes) {
      throw new SourceError(`selected files exceed ${LIMITS.maxBytes} bytes`, {
        kind: 'too_large',
        url: dir,
      });
    }
    files.push({ path, content });
  }
  const snapshot = makeSnapshot('local', spec.path ?? '.', '', files);
  snapshot.sha = contentHash(snapshot.files);
  if (opts.sha && opts.sha !== snapshot.sha) {
    throw new SourceError(
      `content ${opts.sha} was requested, the directory now hashes to ${snapshot.sha}`,
      {
        kind: 'not_found',
        url: dir,
      },
    );
  }
  return snapshot;
}

export { contentHash, readLocal };
