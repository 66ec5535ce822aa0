// `node dist/src/worker.js`, as 0.1.0's docs ran it: the same as `wa-ticketing worker`.
import { runCliAndExit } from './cli';

runCliAndExit(['worker', ...process.argv.slice(2)]);
