// A reader of the Dockerfile's instructions, enough for the image-layout test to rebuild what it builds.
import { readFileSync } from 'node:fs';

export interface Instruction {
  op: string;
  /** --from=build, --chown=node:node … */
  flags: Record<string, string>;
  /** The rest of the line, continuations joined. */
  text: string;
  /** The JSON (exec) form, when the text is one. */
  exec?: string[];
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

export function readDockerfile(file: string): Stage[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const logical: string[] = [];
  let current = '';
  for (const raw of lines) {
    if (/^\s*#/.test(raw) && current === '') continue;
    if (/^\s*#/.test(raw)) continue; // a comment inside a continued instruction
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/s.exec(line) ?? [];
    const { flags, text } = splitFlags(rest);
    const instruction: Instruction = { op: op.toUpperCase(), flags, text, exec: execForm(text) };
    if (instruction.op === 'FROM') {
      const [image = '', as, name] = text.split(/\s+/);
      stages.push({ from: image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile: ${op} before FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

function splitFlags(rest: string): { flags: Record<string, string>; text: string } {
  const flags: Record<string, string> = {};
  let text = rest;
  for (;;) {
    const m = /^--([a-z-]+)(?:=(\S+))?\s+/.exec(text);
    if (!m) break;
    flags[m[1]!] = m[2] ?? 'true';
    text = text.slice(m[0].length);
  }
  return { flags, text };
}

function execForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** ENV a=b c="d e" (and the old `ENV a b`), with $VAR / ${VAR} expanded from what is set so far. */
export function applyEnv(text: string, env: Record<string, string>): void {
  const pairs =
    /^[A-Za-z_][A-Za-z0-9_]*\s+[^=]*$/.test(text) && !text.includes('=')
      ? [[text.split(/\s+/)[0]!, text.slice(text.indexOf(' ') + 1)] as const]
      : [...text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')] as const);
  const resolved = pairs.map(
    ([k, v]) => [k, v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => env[name] ?? '')] as const,
  );
  for (const [k, v] of resolved) env[k] = v;
}

/** HEALTHCHECK [options] CMD …: the command in exec form. */
export function healthcheckCommand(instruction: Instruction): string[] {
  const m = /^CMD\s+(.*)$/s.exec(instruction.text);
  const exec = m ? execForm(m[1]!) : undefined;
  if (!exec) throw new Error(`HEALTHCHECK not in CMD ["…"] form: ${instruction.text}`);
  return exec;
}
