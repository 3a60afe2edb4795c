/**
 * The reconcile runs `apisync dev` starts in the background (its timer and the webhook's
 * in-process hand-off): started without being awaited, so the webhook answers at once, but
 * tracked, so Ctrl-C lets a run that is writing to the gateway finish instead of cutting it off
 * halfway through its writes.
 *
 * @example
 * ```ts
 * const runs = createRuns(logger);
 * runs.start(() => reconcile(event), 'reconcile after webhook failed', { target: 'prod' });
 * await runs.settle(30_000);
 * ```
 */
import type { LogFields, Logger } from '../../log/types.js';

/** How long `close()` waits for runs in flight before tearing the stack down under them. */
const DEFAULT_GRACE_MS = 30_000;

interface Runs {
  /** Starts `run` in the background; a failure is logged with `failure` and `fields`. */
  start(run: () => Promise<unknown>, failure: string, fields?: LogFields): void;
  /** Runs started and not finished yet. */
  pending(): number;
  /** Resolves when every run in flight has finished, or after `graceMs`, whichever is first. */
  settle(graceMs?: number): Promise<void>;
}

/**
 * Creates an empty set of background runs.
 *
 * @example
 * ```ts
 * const runs = createRuns(logger);
 * if (runs.pending() === 0) runs.start(() => reconcile(scheduled), 'scheduled reconcile failed');
 * ```
 */
function createRuns(logger: Logger): Runs {
  const inflight = new Set<Promise<void>>();
  return {
    start(run, failure, fields) {
      // Promise.resolve().then: a run that throws synchronously is logged like any failure.
      const tracked: Promise<void> = Promise.resolve()
        .then(run)
        .then(
          () => undefined,
          (error: unknown) => logger.error(failure, { ...fields, error }),
        )
        .finally(() => inflight.delete(tracked));
      inflight.add(tracked);
    },
    pending: () => inflight.size,
    async settle(graceMs = DEFAULT_GRACE_MS) {
      if (inflight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
      await Promise.race([Promise.allSettled([...inflight]), grace]);
      clearTimeout(timer);
    },
  };
}

export type { Runs };
export { createRuns, DEFAULT_GRACE_MS };
