// `node dist/src/main.js`, as 0.1.0's Dockerfile and docs ran it: the same as `wa-ticketing serve`.
import { runCliAndExit } from './cli';

runCliAndExit(['serve', ...process.argv.slice(2)]);
