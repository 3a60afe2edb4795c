// Builds dist/ once before the suite, so bundle tests (build, infra) can rely on it.
// APISYNC_SKIP_BUILD=1 skips it when iterating on tests that never read dist/.
// @ts-expect-error esbuild.config.mjs is plain JavaScript without type declarations.
import { buildAll } from '../esbuild.config.mjs';

async function setup(): Promise<void> {
  if (process.env.APISYNC_SKIP_BUILD === '1') {
    return;
  }
  await buildAll({ quiet: true });
}

export { setup };
