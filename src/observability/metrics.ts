import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/create-db';
import type { Logger } from '../logger';
import type { Clock } from '../shared/clock';
import type { TicketStatus } from '../db/database';
import { deviceConnection, pendingInbound, ticketsByStatus, unsentOutbox } from './metrics.repository';

/** Every metric of the service starts with this, the Node.js process metrics included. */
const METRIC_PREFIX = 'wa_ticketing_';

/** What became of one POST /webhooks/fonnte. */
export type WebhookOutcome =
  'stored' | 'duplicate' | 'ignored' | 'unauthorized' | 'forbidden' | 'bad_request' | 'too_large' | 'unavailable' | 'error';

/** What the outbox made of one claimed message. */
export type SendResult = 'sent' | 'retry' | 'dead' | 'dry_run';

export interface MetricsOptions {
  db: Db;
  /** The domain clock: ages are measured against the times stored in the database. */
  clock: Clock;
  /** FONNTE_DEVICE: whose stored state the gateway gauge shows (undefined: the device reported last). */
  device: string | undefined;
  /** No FONNTE_TOKEN: replies are never sent. */
  dryRun: boolean;
  /** Node.js process metrics (CPU, memory, event loop, GC); default on. */
  processMetrics?: boolean;
  /** Longest a scrape waits for one group of queries before reporting it unknown. Default 2000 ms. */
  queryTimeoutMs?: number;
  /**
   * How long ticket counts are reused between scrapes. Counting tickets by status reads a whole
   * index (tickets_status_created): cheap at a campus's thousands of tickets, tens of milliseconds
   * at a million, so at most once per this interval per process. Default 30 000 ms; 0 = every scrape.
   */
  ticketCountsTtlMs?: number;
  /** Monotonic time for that reuse (not the domain clock: tests freeze that one). */
  monotonicNow?: () => number;
  /** Told when a scrape query fails (at debug level: a monitoring system scrapes often). */
  logger?: Logger;
}

const p = (name: string) => `${METRIC_PREFIX}${name}`;

/**
 * The service's Prometheus metrics, on a registry of its own (never prom-client's global
 * one: tests build many apps in one process). Events are counted where they happen, in
 * memory (a counter increment, no query); what lives in shared tables (pending messages,
 * unsent replies, tickets, the device state) is read at scrape time by a few indexed
 * queries, so every process reports the same truth. A query that fails or is slow leaves
 * its series out of that scrape and sets `wa_ticketing_metrics_database_up` to 0.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly webhookRequests: Counter<'outcome'>;
  private readonly inboundHandled: Counter<'status'>;
  private readonly handlingSeconds: Histogram<never>;
  private readonly sendSeconds: Histogram<'result'>;
  private readonly sendFailures: Counter<'reason'>;
  private readonly sendLimit: Gauge<never>;
  private readonly httpSeconds: Histogram<'method' | 'route' | 'status_code'>;
  private readonly queryTimeoutMs: number;
  private ticketCounts: { at: number; value: Promise<Partial<Record<TicketStatus, number>>> } | undefined;

  constructor(private readonly opts: MetricsOptions) {
    const registers = [this.registry];
    this.queryTimeoutMs = opts.queryTimeoutMs ?? 2000;
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    this.webhookRequests = new Counter({
      name: p('webhook_requests_total'),
      help: 'POST /webhooks/fonnte by outcome: stored, duplicate, ignored (unreadable or our own), unauthorized, forbidden (another device), bad_request, too_large, unavailable (database), error',
      labelNames: ['outcome'],
      registers,
    });
    this.inboundHandled = new Counter({
      name: p('inbound_handled_total'),
      help: 'Stored messages handled by this process, by status (processed, ignored, failed)',
      labelNames: ['status'],
      registers,
    });
    this.handlingSeconds = new Histogram({
      name: p('inbound_handling_seconds'),
      help: 'From a message stored by the webhook to its batch committed (tickets written, replies queued)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.sendSeconds = new Histogram({
      name: p('outbox_send_seconds'),
      help: 'One send to Fonnte, request to answer, by result (sent, retry, dead)',
      labelNames: ['result'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30],
      registers,
    });
    this.sendFailures = new Counter({
      name: p('outbox_send_failures_total'),
      help: 'Sends Fonnte did not accept, by reason (timeout, network, http_5xx, rate_limited, auth, device_disconnected, rejected, …)',
      labelNames: ['reason'],
      registers,
    });
    this.sendLimit = new Gauge({
      name: p('outbox_send_concurrency'),
      help: 'Sends to Fonnte this process may have in flight now: starts at OUTBOX_CONCURRENCY, grows while sends succeed, halves on timeouts, 5xx and status:false, at most OUTBOX_MAX_CONCURRENCY',
      registers,
    });
    this.httpSeconds = new Histogram({
      name: p('http_request_duration_seconds'),
      help: 'HTTP requests by method, matched route pattern (unmatched, static) and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /** Counts one webhook request. */
  webhookRequest(outcome: WebhookOutcome): void {
    this.webhookRequests.inc({ outcome });
  }

  /** A batch committed: how long each message waited since it was stored, and what became of it. */
  messagesHandled(messages: ReadonlyArray<{ receivedAt: number; status: string }>): void {
    const now = this.opts.clock.now();
    for (const m of messages) {
      this.handlingSeconds.observe(Math.max(0, now - m.receivedAt) / 1000);
      this.inboundHandled.inc({ status: m.status });
    }
  }

  /**
   * One claimed message done. `seconds` is the send's duration (absent in dry-run), `failure`
   * a bounded reason (see sendFailureKind) when Fonnte did not accept it.
   */
  sendFinished(result: SendResult, seconds: number | undefined, failure?: string): void {
    if (seconds !== undefined) this.sendSeconds.observe({ result }, seconds);
    if (failure) this.sendFailures.inc({ reason: failure });
  }

  /** The outbox's adaptive limit of sends in flight changed (see SendConcurrency). */
  sendConcurrency(limit: number): void {
    this.sendLimit.set(limit);
  }

  /** One HTTP request, labelled by its route pattern (never the raw URL, so the label set stays bounded). */
  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpSeconds.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text: this process's counters plus the shared tables read now. Never rejects on a database error. */
  async scrape(): Promise<string> {
    const shared = await this.readShared();
    return Registry.merge([this.registry, shared]).metrics();
  }

  /** A fresh registry with the scrape-time series whose queries succeeded, and whether all did. */
  private async readShared(): Promise<Registry> {
    const { db, clock } = this.opts;
    const reg = new Registry();
    const registers = [reg];
    const ex = db.kysely;
    const now = clock.now();
    const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Gauge<L>({ name: p(name), help, labelNames, registers });

    const parts = await Promise.all([
      this.read(
        'inbound',
        () => pendingInbound(ex),
        (r) => {
          gauge('inbound_pending_messages', 'Messages stored and not handled yet (all processes)').set(r.count);
          gauge('inbound_oldest_pending_age_seconds', 'How long the oldest pending message has waited; 0 when none').set(
            r.oldestReceivedAt === null ? 0 : Math.max(0, now - r.oldestReceivedAt) / 1000,
          );
        },
      ),
      this.read(
        'outbox',
        () => unsentOutbox(ex),
        (r) => {
          const g = gauge('outbox_messages', 'Replies not final yet, by status (queued, sending, retry)', ['status']);
          for (const status of ['queued', 'sending', 'retry'] as const) g.set({ status }, r.byStatus[status] ?? 0);
          gauge('outbox_oldest_unsent_age_seconds', 'Age of the oldest reply not sent yet (since it was queued); 0 when none').set(
            r.oldestCreatedAt === null ? 0 : Math.max(0, now - r.oldestCreatedAt) / 1000,
          );
        },
      ),
      this.read(
        'tickets',
        () => this.countTickets(),
        (r) => {
          const g = gauge('tickets', 'Tickets by current status (baru, proses, pending, selesai, ditutup)', ['status']);
          let total = 0;
          for (const status of ['baru', 'proses', 'pending', 'selesai', 'ditutup'] as const) {
            g.set({ status }, r[status] ?? 0);
            total += r[status] ?? 0;
          }
          // Tickets are never deleted: their count is a true counter across processes and restarts.
          new Counter({ name: p('tickets_created_total'), help: 'Tickets ever created (rows in tickets)', registers }).inc(total);
        },
      ),
      this.read(
        'gateway',
        () => deviceConnection(ex, this.opts.device),
        (current) => {
          const g = gauge(
            'gateway_device_state',
            'The WhatsApp device as Fonnte last reported it: 1 on the current state (connected, disconnected, unknown)',
            ['state'],
          );
          for (const s of ['connected', 'disconnected', 'unknown']) g.set({ state: s }, s === current ? 1 : 0);
        },
      ),
    ]);
    gauge('gateway_dry_run', '1 when FONNTE_TOKEN is empty: replies are stored, never sent').set(this.opts.dryRun ? 1 : 0);
    gauge('metrics_database_up', '1 when every scrape-time query answered; 0 leaves their series out of this scrape').set(
      parts.every(Boolean) ? 1 : 0,
    );
    return reg;
  }

  /** Ticket counts, shared by the scrapes of ticketCountsTtlMs (a failed count is not kept). */
  private countTickets(): Promise<Partial<Record<TicketStatus, number>>> {
    const now = (this.opts.monotonicNow ?? performance.now.bind(performance))();
    const ttl = this.opts.ticketCountsTtlMs ?? 30_000;
    if (this.ticketCounts && now - this.ticketCounts.at < ttl) return this.ticketCounts.value;
    const value = ticketsByStatus(this.opts.db.kysely);
    const entry = { at: now, value };
    this.ticketCounts = entry;
    value.catch(() => {
      if (this.ticketCounts === entry) this.ticketCounts = undefined;
    });
    return value;
  }

  private async read<T>(what: string, query: () => Promise<T>, report: (value: T) => void): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.queryTimeoutMs} ms`)), this.queryTimeoutMs);
      });
      report(await Promise.race([query(), timeout]));
      return true;
    } catch (err) {
      this.opts.logger?.debug({ err, what }, 'metrics: scrape query failed; its series are left out');
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
