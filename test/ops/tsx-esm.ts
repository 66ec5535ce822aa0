/**
 * Extra node flags for startAppProcess. The CLI (src/cli/commands.ts) loads each command with a
 * dynamic import(), which tsx's CommonJS hook alone hands to Node's ESM resolver, and that cannot
 * find an extensionless `./serve.command` (ERR_MODULE_NOT_FOUND). Registering tsx's ESM hook too
 * lets the service start from the sources. Harmless once app-process.ts does the same.
 */
export const TSX_ESM = ['--import', 'tsx/esm'];
