/** A parser of the Prometheus text format (version 0.0.4), strict enough to fail a test on a malformed line. */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m) throw new Error(`malformed labels in: ${line}`);
    if (m[1]! in labels) throw new Error(`label ${m[1]} twice in: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  // Go's ParseFloat, which Prometheus uses, takes these in any case (prom-client writes "Nan").
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const n = Number(text);
  if (Number.isNaN(n)) throw new Error(`malformed value in: ${line}`);
  return n;
}

/** The family a sample belongs to: a histogram's _bucket/_sum/_count belong to its base name. */
function familyOf(families: Map<string, Family>, sample: string): Family | undefined {
  if (families.has(sample)) return families.get(sample);
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sample.endsWith(suffix)) {
      const f = families.get(sample.slice(0, -suffix.length));
      if (f && (f.type === 'histogram' || f.type === 'summary')) return f;
    }
  }
  return undefined;
}

function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      const family = families.get(name!) ?? { name: name!, type: 'untyped' as const, help: '', samples: [] };
      families.set(name!, family);
      if (kind === 'HELP') family.help = rest!;
      else {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest!)) throw new Error(`unknown type in: ${line}`);
        family.type = rest as Family['type'];
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`malformed sample: ${line}`);
    const family = familyOf(families, m[1]!);
    if (!family) throw new Error(`sample without a # TYPE line: ${line}`);
    family.samples.push({ name: m[1]!, labels: m[3] ? parseLabels(m[3], line) : {}, value: parseValue(m[4]!, line) });
  }
  return families;
}

/** A scrape, parsed, with lookups that fail loudly. */
export class Scrape {
  readonly families: Map<string, Family>;
  constructor(readonly text: string) {
    this.families = parsePrometheusText(text);
  }

  family(name: string): Family {
    const f = this.families.get(name);
    if (!f) throw new Error(`no metric family ${name} in the scrape`);
    return f;
  }

  has(name: string): boolean {
    return this.families.has(name);
  }

  /** The value of the one sample named `sample` whose labels are exactly `labels`; 0 when absent (a counter not yet incremented). */
  value(sample: string, labels: Record<string, string> = {}): number {
    const family = familyOf(this.families, sample);
    if (!family) throw new Error(`no metric family for ${sample} in the scrape`);
    const want = JSON.stringify(Object.entries(labels).sort());
    const found = family.samples.filter((s) => s.name === sample && JSON.stringify(Object.entries(s.labels).sort()) === want);
    if (found.length > 1) throw new Error(`${sample} ${want} appears ${found.length} times`);
    return found[0]?.value ?? 0;
  }

  /** Whether a sample with exactly these labels is present. */
  present(sample: string, labels: Record<string, string> = {}): boolean {
    const family = familyOf(this.families, sample);
    const want = JSON.stringify(Object.entries(labels).sort());
    return !!family?.samples.some((s) => s.name === sample && JSON.stringify(Object.entries(s.labels).sort()) === want);
  }
}
