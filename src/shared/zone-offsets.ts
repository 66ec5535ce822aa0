const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const QUARTER_MS = 15 * MINUTE_MS;

/**
 * The UTC offset of a zone at any instant, from one kept Intl formatter (dayjs' timezone plugin builds a
 * formatter per call: about a millisecond, which made a cold calendar `add` cost tens of milliseconds and
 * was the largest single cost of a #request reply). Offsets are remembered per UTC day (per quarter hour on a day the offset changes), so
 * after the first use of a day the calendar's arithmetic is map look-ups. One per zone, for the process.
 */
export class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  /** Per UTC day, then per quarter hour: the offset, or null when it changes inside. */
  private readonly days = new Map<number, number | null>();
  private readonly quarters = new Map<number, number | null>();

  constructor(timezone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Wall clock minus UTC, in ms, at instant `t`. */
  at(t: number): number {
    return this.within(this.days, DAY_MS, t) ?? this.within(this.quarters, QUARTER_MS, t) ?? this.exact(t);
  }

  /** The offset of the whole bucket of `size` holding `t`, remembered, or undefined when it changes inside. */
  private within(memo: Map<number, number | null>, size: number, t: number): number | undefined {
    const b = Math.floor(t / size);
    let offset = memo.get(b);
    if (offset === undefined) {
      const first = this.exact(b * size);
      offset = first === this.exact((b + 1) * size - 1) ? first : null;
      if (memo.size > 50_000) memo.clear();
      memo.set(b, offset);
    }
    return offset ?? undefined;
  }

  /** The instant the zone's wall clock reads `local` (ms since 1970 on that clock); in a spring-forward gap, an instant at its edge. */
  instantOf(local: number): number {
    const first = local - this.at(local - this.at(local));
    const offset = this.at(first);
    return local - offset === first ? first : local - offset;
  }

  private exact(t: number): number {
    // The instant floored to the second, as the formatter reads it.
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return wall - (t - (((t % 1000) + 1000) % 1000));
  }
}
const zones = new Map<string, ZoneOffsets>();
/** The offsets of `timezone`, one instance per zone for the process. */
export function zoneOffsets(timezone: string): ZoneOffsets {
  let z = zones.get(timezone);
  if (!z) zones.set(timezone, (z = new ZoneOffsets(timezone)));
  return z;
}
