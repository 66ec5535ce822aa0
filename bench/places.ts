// Places at scale (issue 15): #request ingest and end to end on 1,000,000 tickets, with the campus's
// places recognised (and the duplicate lookup run) against the same database with every place off.
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import type { AppProcess } from '../test/support/app-process';
import type { FakeFonnteProcess } from './lib/fake-fonnte-process';
import { log } from './lib/env';
import { employeeRows, insertEmployees, startService, type BenchDb } from './lib/targets';
import { ingestRun, type IngestRow } from './ingest';
import { generate } from './scale/generate';

export interface PlacesResult {
  tickets: number;
  places: number;
  loadSeconds: number;
  /** Runs with every place inactive: nothing is recognised, no duplicate lookup. */
  without: IngestRow[];
  /** Runs with the places active: each #request names one of 97 rooms ("lampu kelas N mati"). */
  with: IngestRow[];
  /** Of the with-places runs' messages: filed as tickets, and answered with a duplicate offer instead. */
  outcomes: { tickets: number; offers: number };
}

/** BENCH_PLACES_TICKETS: fewer for a quick try of the part itself. */
const TICKETS = Number(process.env.BENCH_PLACES_TICKETS ?? 1_000_000);
const BUILDINGS = 8;
const FLOORS = 5;
const ROOMS_PER_FLOOR = 12;
/** The wrk script's complaint is "lampu kelas <n mod 97> mati": these rooms are what it names. */
const NAMED_ROOMS = 97;

/**
 * A campus of 8 buildings × 5 floors × 12 rooms, plus the 97 classrooms "Kelas 0…96" the load names,
 * each with its aliases as an importer would write them; the generated tickets spread over the classrooms.
 */
async function seedPlaces(bench: BenchDb, url: string, now: number): Promise<number> {
  const rows: unknown[][] = [];
  const add = (kind: string, code: string, name: string, parent: string | null, aliases: string) =>
    rows.push([kind, code, name, parent, aliases, 1, now, now]);
  for (let b = 1; b <= BUILDINGS; b++) {
    add('building', `G${b}`, `Gedung ${b}`, null, `gedung ${b}\ngd ${b}`);
    for (let f = 1; f <= FLOORS; f++) {
      add('floor', `G${b}-${f}`, `Gedung ${b} Lantai ${f}`, `G${b}`, `lantai ${f} gedung ${b}`);
      for (let r = 1; r <= ROOMS_PER_FLOOR; r++)
        add('room', `R-${b}.${f}.${r}`, `Ruang ${b}.${f}.${r}`, `G${b}-${f}`, `ruang ${b}${f}${r}\nruang ${b}.${f}.${r}`);
    }
  }
  add('building', 'GK', 'Gedung Kuliah', null, 'gedung kuliah');
  for (let n = 0; n < NAMED_ROOMS; n++) add('room', `K-${n}`, `Kelas ${n}`, 'GK', `kelas ${n}\nruang kelas ${n}`);
  // Parents by code: inserted in order, so each parent exists before its children.
  for (const [kind, code, name, parent, aliases, active, c, u] of rows) {
    await bench.query(
      url,
      'INSERT INTO places (kind, code, name, parent_id, aliases, active, created_at, updated_at) VALUES (?, ?, ?, (SELECT id FROM (SELECT id FROM places WHERE code = ?) p), ?, ?, ?, ?)',
      [kind, code, name, parent, aliases, active, c, u],
    );
  }
  const [first] = await bench.query<Array<{ id: number }>>(url, "SELECT MIN(id) AS id FROM places WHERE code LIKE 'K-%'");
  const [listrik] = await bench.query<Array<{ id: number }>>(url, "SELECT id FROM categories WHERE code = 'listrik'");
  // A third of the old tickets are electrical faults, spread over the classrooms like the load's.
  await bench.query(url, 'UPDATE tickets SET place_id = ? + (id % ?), category_id = CASE WHEN id % 3 = 0 THEN ? ELSE NULL END', [
    first!.id,
    NAMED_ROOMS,
    listrik?.id ?? null,
  ]);
  return rows.length;
}

async function setPlacesActive(bench: BenchDb, url: string, active: boolean): Promise<void> {
  await bench.query(url, 'UPDATE places SET active = ?', [active ? 1 : 0]);
}

/** Tickets and duplicate offers of the with-places runs, counted from what the runs stored. */
async function outcomesOf(bench: BenchDb, url: string, tags: string[]): Promise<PlacesResult['outcomes']> {
  let tickets = 0;
  let messages = 0;
  for (const tag of tags) {
    const [m] = await bench.query<Array<{ n: number }>>(url, 'SELECT COUNT(*) AS n FROM inbound_messages WHERE body LIKE ?', [
      `#request ${tag}-%`,
    ]);
    const [t] = await bench.query<Array<{ n: number }>>(
      url,
      'SELECT COUNT(*) AS n FROM tickets t JOIN inbound_messages i ON i.id = t.source_message_id WHERE i.body LIKE ?',
      [`#request ${tag}-%`],
    );
    messages += Number(m!.n);
    tickets += Number(t!.n);
  }
  return { tickets, offers: messages - tickets };
}

export async function placesPart(bench: BenchDb, gateway: FakeFonnteProcess): Promise<PlacesResult> {
  const url = await bench.create('places');
  const db = createDb(url);
  await migrateToLatest(db);
  await db.destroy();
  log(`places: loading ${TICKETS.toLocaleString('en')} tickets`);
  const loaded = await generate({ url, tickets: TICKETS, history: false, onProgress: (d) => d % 200_000 === 0 && log(`  ${d}`) });
  const places = await seedPlaces(bench, url, Date.now());
  // The load names 97 classrooms thousands of times: left open, the first ticket of each would make every
  // later message a duplicate offer (no ticket), a cheaper path than the one measured. Born closed, the
  // load's tickets are read by the lookup and passed over, so every message is filed, in both halves alike.
  await bench.query(url, "CREATE TRIGGER bench_born_closed BEFORE INSERT ON tickets FOR EACH ROW SET NEW.status = 'ditutup'");
  // And the old tickets of the classrooms are closed too: every message is the first report of its fault.
  await bench.query(url, "UPDATE tickets SET status = 'ditutup' WHERE place_id IS NOT NULL AND status <> 'ditutup'");
  log(`places: ${places} places, tickets spread over ${NAMED_ROOMS} classrooms`);
  const senders = employeeRows().map((e) => e.phone);
  const out: PlacesResult = {
    tickets: TICKETS,
    places,
    loadSeconds: loaded.seconds,
    without: [],
    with: [],
    outcomes: { tickets: 0, offers: 0 },
  };
  const withTags: string[] = [];
  const proc: AppProcess = await startService(url, gateway.url);
  try {
    await insertEmployees(bench, url);
    const target = { target: 'service' as const, dialect: 'mysql' as const, proc, dbUrl: url, senders };
    // Alternated, on one service and one database, so a slow minute of the shared machine touches both.
    for (const round of [1, 2, 3]) {
      await setPlacesActive(bench, url, false);
      out.without.push(
        await ingestRun(bench, gateway, { ...target, label: `${TICKETS.toLocaleString('en')} tickets, places off (${round})` }, 50),
      );
      await setPlacesActive(bench, url, true);
      const row = await ingestRun(
        bench,
        gateway,
        { ...target, label: `${TICKETS.toLocaleString('en')} tickets, ${places} places (${round})`, offersAllowed: true },
        50,
      );
      out.with.push(row);
      withTags.push(row.tag);
    }
    out.outcomes = await outcomesOf(bench, url, withTags);
  } finally {
    await proc.kill('SIGTERM');
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

export function renderPlaces(p: PlacesResult): string[] {
  const row = (r: IngestRow) =>
    `| ${r.label} | ${r.load.rps.toFixed(0)} | ${r.load.p99.toFixed(1)} | ${r.endToEnd.toFixed(0)} | ${r.loadCores.service?.toFixed(2) ?? '–'} | ${r.loadCores.generator?.toFixed(2) ?? '–'} | ${r.loadCores.gateway?.toFixed(2) ?? '–'} | ${r.check.ok ? 'ok' : 'FAILED'}: ${r.check.detail} |`;
  const ack = median(p.with.map((r) => r.load.rps)) / median(p.without.map((r) => r.load.rps));
  const e2e = median(p.with.map((r) => r.endToEnd)) / median(p.without.map((r) => r.endToEnd));
  return [
    `## Places on ${p.tickets.toLocaleString('en')} tickets (issue 15)`,
    '',
    `${p.tickets.toLocaleString('en')} tickets loaded in ${p.loadSeconds.toFixed(0)} s, ${p.places} places; MariaDB, c=50, wrk and the fake Fonnte in their own processes, runs alternated. With places, every \`#request\` names a classroom, so the place is recognised and the duplicate lookup runs (a range read of the classroom's tickets of the last DUPLICATE_WINDOW_DAYS on \`(place_id, created_at)\`, about 130 of the old tickets each); the classrooms' old tickets are closed and the load's own are made closed by a trigger of the bench database (in all runs), so the lookup reads and passes over them and every message is filed as a ticket, as the first report of a fault is (${p.outcomes.tickets} tickets and ${p.outcomes.offers} offers over the with-places runs). The offer path (no ticket) is cheaper and not what this compares. End to end counts a message once its one answer reached the gateway.`,
    '',
    '| run | acked/s | p99 ms | end to end /s | service cores | wrk cores | gateway cores | check |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...[...p.without, ...p.with].map(row),
    '',
    `With places ÷ without (medians): acknowledgements ${ack.toFixed(2)}×, end to end ${e2e.toFixed(2)}× (target: both ≥ 0.90×).`,
    '',
  ];
}
