/**
 * Reads the files of one commit out of the local object store: walks the commit's tree (no
 * checkout, no working directory) and reads the blobs whose paths match the globs.
 */
import fs from 'node:fs';
import { readBlob, readCommit, readTree } from 'isomorphic-git';
import { SourceError } from './errors.js';
import { LIMITS } from './snapshot.js';
import type { SourceFile } from './types.js';

interface BlobRef {
  path: string;
  oid: string;
}

/** Regular files only: symlinks (120000) and submodules (160000) are not configuration. */
const FILE_MODES = new Set(['100644', '100755']);

async function listBlobs(
  gitdir: string,
  treeOid: string,
  prefix: string,
  match: (path: string) => boolean,
  cache: object,
): Promise<BlobRef[]> {
  const { tree } = await readTree({ fs, gitdir, oid: treeOid, cache });
  const out: BlobRef[] = [];
  for (const entry of tree) {
    const path = prefix + entry.path;
    if (entry.type === 'tree')
      out.push(...(await listBlobs(gitdir, entry.oid, `${path}/`, match, cache)));
    else if (entry.type === 'blob' && FILE_MODES.has(entry.mode) && match(path))
      out.push({ path, oid: entry.oid });
  }
  return out;
}

/**
 * The matching files of commit `sha`, which must already be in `gitdir`.
 *
 * @example
 * ```ts
 * const files = await readFilesAtCommit(gitdir, sha, createMatcher(['**\/*.yaml']), {}, url);
 * ```
 */
async function readFilesAtCommit(
  gitdir: string,
  sha: string,
  match: (path: string) => boolean,
  cache: object,
  shownUrl: string,
): Promise<SourceFile[]> {
  const { commit } = await readCommit({ fs, gitdir, oid: sha, cache });
  const blobs = await listBlobs(gitdir, commit.tree, '', match, cache);
  if (blobs.length > LIMITS.maxFiles) {
    throw new SourceError(`${blobs.length} files match at ${sha}, more than ${LIMITS.maxFiles}`, {
      kind: 'too_large',
      url: shownUrl,
    });
  }
  const decoder = new TextDecoder();
  let bytes = 0;
  const files: SourceFile[] = [];
  for (const blob of blobs) {
    const { blob: data } = await readBlob({ fs, gitdir, oid: blob.oid, cache });
    bytes += data.byteLength;
    if (bytes > LIMITS.maxBytes) {
      throw new SourceError(`files at ${sha} exceed ${LIMITS.maxBytes} bytes`, {
        kind: 'too_large',
        url: shownUrl,
      });
    }
    files.push({ path: blob.path, content: decoder.decode(data) });
  }
  return files;
}

export { readFilesAtCommit };
