import { InsertQueryNode, type KyselyPlugin } from 'kysely';
import { InboundWriter } from '../src/features/inbound/inbound-writer';
import type { NewInbound } from '../src/features/inbound/inbound.repository';
import { describeEachDialect, openTestDb, type TestDb } from './support/test-db';

/** Counts the INSERT statements sent through it. */
function insertCounter(): { plugin: KyselyPlugin; count: () => number } {
  let inserts = 0;
  return {
    plugin: {
      transformQuery: (args) => {
        if (InsertQueryNode.is(args.node)) inserts++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    },
    count: () => inserts,
  };
}

const row = (key: string, over: Partial<NewInbound> = {}): NewInbound => ({
  dedupeKey: key,
  device: '628000',
  chatId: '6281234',
  senderPhone: '6281234',
  senderName: 'Siti',
  isGroup: false,
  body: `#request ${key}`,
  messageType: 'text',
  media: null,
  rawPayload: '{}',
  status: 'pending',
  sentAt: null,
  receivedAt: 1_700_000_000_000,
  ...over,
});

describeEachDialect('webhook deliveries stored many per INSERT', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(() => t.close());
  const stored = async (prefix: string) =>
    (await t.db.kysely.selectFrom('inbound_messages').select('dedupe_key').where('dedupe_key', 'like', `${prefix}%`).execute())
      .map((r) => r.dedupe_key)
      .sort();

  test('When 30 deliveries arrive while one INSERT runs, then the other 29 go in one more INSERT and each caller hears stored', async () => {
    const counter = insertCounter();
    const writer = new InboundWriter(t.db.kysely.withPlugin(counter.plugin), { inFlight: 1, maxRows: 100 });
    const keys = Array.from({ length: 30 }, (_, i) => `a-${String(i).padStart(2, '0')}`);
    const outcomes = await Promise.all(keys.map((k) => writer.store(row(k))));
    expect(outcomes).toEqual(keys.map(() => 'stored'));
    expect(counter.count()).toBe(2);
    expect(await stored('a-')).toEqual(keys);
  });

  test('When a group holds a redelivery and a row the table refuses, then only the redelivery is a duplicate, only the bad row fails, and the rest are stored once', async () => {
    const writer = new InboundWriter(t.db.kysely, { inFlight: 1, maxRows: 100 });
    await writer.store(row('b-05'));
    const keys = Array.from({ length: 10 }, (_, i) => `b-${String(i).padStart(2, '0')}`);
    const results = await Promise.allSettled(
      keys.map((k) => writer.store(k === 'b-07' ? row(k, { chatId: null as unknown as string }) : row(k))),
    );
    const outcome = (i: number) => {
      const r = results[i]!;
      return r.status === 'fulfilled' ? r.value : 'failed';
    };
    expect(keys.map((_, i) => outcome(i))).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
      'duplicate',
      'stored',
      'failed',
      'stored',
      'stored',
    ]);
    expect(await stored('b-')).toEqual(keys.filter((k) => k !== 'b-07'));
  });
});
