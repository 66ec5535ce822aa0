/**
 * The campus's working week, as `WORK_WEEK` writes it: `mon-fri 07:30-16:00; sat 07:30-12:00`.
 * Parts are separated by `;`, each a day or a range of days (`mon`…`sun`, or Indonesian `sen`, `sel`,
 * `rab`, `kam`, `jum`, `sab`, `min`) and one or more time spans (`07:30-12:00 13:00-16:00`). A day
 * named twice keeps the later part. Pure: no time zone here; the calendar applies APP_TIMEZONE.
 */

/** Minutes since midnight, [from, to). */
interface WorkSpan {
  from: number;
  to: number;
}

/** Index 0 is Sunday, as `Date#getDay()` and dayjs count. */
export type WorkWeek = ReadonlyArray<ReadonlyArray<WorkSpan>>;

const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const HARI: Record<string, number> = { min: 0, sen: 1, sel: 2, rab: 3, kam: 4, jum: 5, sab: 6 };

function dayOf(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  const d = DAYS[w] ?? HARI[w];
  if (d === undefined) throw new Error(`"${word}" is not a day (mon…sun)`);
  return d;
}

function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time (HH:MM)`);
  const v = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || v > 24 * 60) throw new Error(`"${hhmm}" is not a time of day`);
  return v;
}

/** Throws an Error naming the part it cannot read. */
export function parseWorkWeek(text: string): WorkWeek {
  const week: WorkSpan[][] = [[], [], [], [], [], [], []];
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [days, ...spans] = part.split(/\s+/);
    if (!days || spans.length === 0) throw new Error(`"${part}" needs days and at least one span (mon-fri 07:30-16:00)`);
    const [first, last] = days.split('-');
    const from = dayOf(first!);
    const to = last === undefined ? from : dayOf(last);
    const parsed = spans.map((s) => {
      const [a, b] = s.split('-');
      if (!a || !b) throw new Error(`"${s}" is not a span (07:30-16:00)`);
      const span = { from: minutesOf(a), to: minutesOf(b) };
      if (span.to <= span.from) throw new Error(`"${s}" ends before it starts`);
      return span;
    });
    parsed.sort((x, y) => x.from - y.from);
    for (let i = 1; i < parsed.length; i++) if (parsed[i]!.from < parsed[i - 1]!.to) throw new Error(`"${part}" has overlapping spans`);
    for (let d = from; ; d = (d + 1) % 7) {
      week[d] = parsed;
      if (d === to) break;
    }
  }
  if (week.every((d) => d.length === 0)) throw new Error('no working time at all');
  return week;
}
