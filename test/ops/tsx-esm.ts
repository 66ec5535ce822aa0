/**
 * Extra node flags for startAppProcess that register tsx's ESM hook beside its CommonJS one. They were
 * needed while the CLI loaded its commands with a dynamic import() that Node's ESM resolver could
 * not resolve from source; since the CLI uses require() (a4de220) the service starts without them.
 * Kept, harmless, because test/fault/multi-instance.test.ts passes them.
 */
export const TSX_ESM = ['--import', 'tsx/esm'];
