/** V8 flags apisync runs with (CLI shebang, functions' NODE_OPTIONS, engine benchmark). */
declare const NODE_RUNTIME_FLAGS: readonly string[];

export { NODE_RUNTIME_FLAGS };
