// Builds dist/ once before the suite, so bundle tests (build, infra) can rely on it.
// A failed build does not abort the whole run: the error is handed to the tests through
// `inject('buildError')`, and the bundle tests fail with it while unrelated tests still run.
// APISYNC_SKIP_BUILD=1 skips the build when iterating on tests that never read dist/.
import type { TestProject } from 'vitest/node';
import { buildAll } from '../esbuild.config.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The build error message, `null` after a successful build, `'skipped'` when skipped. */
    buildError: string | null;
  }
}

async function setup(project: TestProject): Promise<void> {
  if (process.env.APISYNC_SKIP_BUILD === '1') {
    project.provide('buildError', 'skipped (APISYNC_SKIP_BUILD=1)');
    return;
  }
  try {
    await buildAll({ quiet: true });
    project.provide('buildError', null);
  } catch (err) {
    project.provide('buildError', err instanceof Error ? err.message : String(err));
  }
}

export { setup };
