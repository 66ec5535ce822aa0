/*
 * `wa-ticketing serve` of an exported build (BENCH_BUILD_DIR) whose chat processor runs BENCH_CHAT_LANES lanes
 * instead of its default (2 on MariaDB), for the `builds` part of the bench (bench/builds.ts).
 *
 * ChatProcessor takes `lanes` as a constructor option, but src/services.ts passes none and no setting reaches it,
 * so this entry sets the processor's `lanes` field before each pass without touching src/. It checks the field
 * is there (a number) and says on stderr, once, how many lanes ran: the bench reads that line back and fails the
 * variant if it is missing, so a rename in src/ cannot silently measure the default instead.
 */
import path from 'node:path';
import { createRequire } from 'node:module';

const dir = process.env.BENCH_BUILD_DIR;
const lanes = Number(process.env.BENCH_CHAT_LANES);
if (!dir || !Number.isInteger(lanes) || lanes < 1) throw new Error('BENCH_BUILD_DIR and BENCH_CHAT_LANES (≥ 1) are required');
const load = createRequire(path.join(dir, 'package.json'));

interface Patchable {
  lanes?: unknown;
}
const { ChatProcessor } = load(path.join(dir, 'src/chat/chat.processor.ts')) as {
  ChatProcessor: { prototype: Patchable & { pass?: (this: Patchable) => Promise<boolean> } };
};
const pass = ChatProcessor.prototype.pass;
if (typeof pass !== 'function') throw new Error('ChatProcessor has no pass() to wrap: update bench/builds-lanes-entry.ts');
let told = false;
ChatProcessor.prototype.pass = function (this: Patchable) {
  if (typeof this.lanes !== 'number') throw new Error('ChatProcessor has no numeric lanes field: update bench/builds-lanes-entry.ts');
  this.lanes = lanes;
  if (!told) process.stderr.write(`bench: chat processor lanes=${lanes}\n`);
  told = true;
  return pass.call(this);
};

const cli = load(path.join(dir, 'src/cli/index.ts')) as { runCliAndExit(argv: string[]): void };
cli.runCliAndExit(process.argv.slice(2));
