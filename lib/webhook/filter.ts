/**
 * Which verified pushes trigger a sync: only an update of the target's branch, in the target's
 * source repository, that does not delete the branch. Everything else is ignored with a reason
 * the git host shows next to the delivery.
 */
import type { PushEvent, WebhookTarget } from './types.js';

type Decision = { trigger: true; push: PushEvent } | { trigger: false; reason: string };

/**
 * The branch whose pushes trigger a sync of `target`: `webhook.branch`, else `source.ref`,
 * else `main`. A full `refs/heads/…` name is shortened.
 *
 * @example
 * ```ts
 * targetBranch({ name: 'prod', source: { ref: 'release' } }); // 'release'
 * ```
 */
function targetBranch(target: WebhookTarget): string {
  const ref = target.webhook?.branch ?? target.source?.ref ?? 'main';
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

/** `owner/name` from an HTTPS or scp-style clone URL, lower-cased, without `.git`. */
function urlRepoPath(url: string): string | undefined {
  let path: string;
  const scp = /^[^/@]+@[^:/]+:(.+)$/.exec(url);
  if (scp?.[1]) path = scp[1];
  else {
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  const clean = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/i, '');
  return clean ? clean.toLowerCase() : undefined;
}

/**
 * Whether a push's repository is the target's source repository. A target without a remote
 * URL (a local directory) accepts any repository: its secret alone identifies the sender.
 * The URL may carry a prefix (`/scm/` on Bitbucket Data Center), so a suffix match suffices.
 *
 * @example
 * ```ts
 * repositoryMatches({ name: 'p', source: { url: 'https://github.com/acme/cfg.git' } }, 'acme/cfg'); // true
 * ```
 */
function repositoryMatches(target: WebhookTarget, repository: string): boolean {
  const url = target.source?.type === 'local' ? undefined : target.source?.url;
  if (!url) return true;
  const expected = urlRepoPath(url);
  const actual = repository.toLowerCase();
  if (!expected || !actual) return false;
  return expected === actual || expected.endsWith(`/${actual}`);
}

function otherRefReason(pushes: readonly PushEvent[], branch: string): string {
  const first = pushes[0];
  if (!first) return 'push carries no ref updates';
  if (pushes.every((push) => push.tag !== undefined)) return `tag push (${first.ref}) ignored`;
  return `push to ${first.ref} ignored; this target follows refs/heads/${branch}`;
}

/**
 * Picks the ref update that should trigger a sync of `target`, or says why none does.
 *
 * @example
 * ```ts
 * const decision = selectPush(parsePush('github', 'push', id, payload), target);
 * if (!decision.trigger) return { status: 202, body: { status: 'ignored', reason: decision.reason } };
 * ```
 */
function selectPush(pushes: readonly PushEvent[], target: WebhookTarget): Decision {
  const repository = pushes[0]?.repository ?? '';
  if (pushes.length > 0 && !repositoryMatches(target, repository)) {
    return {
      trigger: false,
      reason: `repository ${repository || '(none)'} is not this target's source`,
    };
  }
  const branch = targetBranch(target);
  const updates = pushes.filter((push) => push.branch === branch);
  const live = updates.find((push) => !push.deleted);
  if (live) return { trigger: true, push: live };
  if (updates.length > 0) return { trigger: false, reason: `branch ${branch} was deleted` };
  return { trigger: false, reason: otherRefReason(pushes, branch) };
}

export type { Decision };
export { repositoryMatches, selectPush, targetBranch };
