/**
 * V8 flags apisync runs with: the CLI's shebang passes them (esbuild.config.mjs), the CDK stack
 * sets them in each function's NODE_OPTIONS (infra/functions.ts), and the engine benchmark runs
 * its client with them (bench/engine.bench.ts). A 4 MiB young generation keeps a 7,400-resource
 * sync plus a warm re-sync in one process under 128 MB RSS — the live heap is ~25 MB; the rest
 * was V8 growing the young generation — for about the same CPU. No imports: bundles and the
 * benchmark client load this without pulling in the build tooling.
 */
const NODE_RUNTIME_FLAGS = ['--max-semi-space-size=4'];

export { NODE_RUNTIME_FLAGS };
