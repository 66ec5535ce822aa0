import type { Config } from './config';
import type { Db } from './db/create-db';
import { createCommandRegistry } from './chat';
import type { CommandRegistry } from './chat/command-registry';
import { ChatProcessor } from './chat/chat.processor';
import { createFonnteClient } from './fonnte/fonnte-client';
import { OutboxWorker } from './features/outbox/outbox.worker';
import { GatewayState } from './features/gateway/gateway-state';
import { MediaWorker } from './features/media/media.worker';
import type { Logger } from './logger';
import type { Clock } from './shared/clock';
import { createTokenService, type TokenService } from './features/auth/token.service';
import { AutoCloseJob } from './features/tickets/auto-close.job';
import { StatsSummaryJob } from './features/stats/stats-summary.job';
import { RepeatFaultJob } from './features/places/repeat-fault.job';
import { RetentionJob } from './features/retention/retention.job';
import { DraftJob } from './features/drafts/draft.job';
import { installClockSettings } from './features/sla/sla-clock.service';
import { SlaJob } from './features/sla/sla.job';
import { Metrics } from './observability/metrics';

export interface Services {
  registry: CommandRegistry;
  processor: ChatProcessor;
  outbox: OutboxWorker;
  /** Downloads photos queued by queueMediaDownload() into MEDIA_DIR. */
  media: MediaWorker;
  tokens: TokenService;
  autoClose: AutoCloseJob;
  statsSummary: StatsSummaryJob;
  /** Tells the desk once when a place × category reaches REPEAT_FAULT_THRESHOLD tickets. */
  repeatFaults: RepeatFaultJob;
  /** Applies the RETENTION_* rules once a day; does nothing while they are all off. */
  retention: RetentionJob;
  /** Prompts plain-language drafts once their burst is over, and leaves unconfirmed ones for the desk. */
  drafts: DraftJob;
  /** Sends the SLA reminders, breaches and escalations as their times come. */
  sla: SlaJob;
  /** This process's Prometheus metrics: pass it to createApp / createOpsApp. */
  metrics: Metrics;
}

/** Builds the long-lived parts shared by the web process, the worker process and the tests. */
export function createServices(deps: { config: Config; db: Db; logger: Logger; clock: Clock; metrics?: Metrics }): Services {
  const { config, db, logger, clock } = deps;
  installClockSettings({ ...config.sla, timezone: config.timezone });
  const metrics =
    deps.metrics ??
    new Metrics({ db, clock, device: config.fonnte.device, dryRun: config.fonnte.dryRun, logger: logger.child({ component: 'metrics' }) });
  const client = config.fonnte.dryRun
    ? null
    : createFonnteClient({ apiUrl: config.fonnte.apiUrl, token: config.fonnte.token!, maxSockets: config.outboxMaxConcurrency });
  const outbox = new OutboxWorker({
    db,
    clock,
    logger: logger.child({ component: 'outbox' }),
    client,
    maxAttempts: config.outboxMaxAttempts,
    concurrency: config.outboxConcurrency,
    maxConcurrency: config.outboxMaxConcurrency,
    retryWindowMs: config.outboxRetryWindowMs,
    gateway: new GatewayState({ db, device: config.fonnte.device }),
    metrics,
  });
  const media = new MediaWorker({
    db,
    clock,
    logger: logger.child({ component: 'media' }),
    dir: config.media.dir,
    download: {
      allowedHosts: config.media.allowedHosts,
      maxBytes: config.media.maxBytes,
      timeoutMs: config.media.timeoutMs,
      allowPrivateAddresses: config.media.allowPrivateNetwork,
    },
  });
  const registry = createCommandRegistry();
  const processor = new ChatProcessor({
    db,
    config,
    clock,
    logger: logger.child({ component: 'inbound' }),
    registry,
    metrics,
    onQueued: () => {
      outbox.notify();
      // A message with a photo always queues a reply too: wake the downloader with it.
      media.notify();
    },
  });
  const tokens = createTokenService(config.jwt.secret, config.jwt.ttlMinutes, clock);
  const autoClose = new AutoCloseJob({
    db,
    config,
    clock,
    logger: logger.child({ component: 'auto-close' }),
    onQueued: () => outbox.notify(),
  });
  const drafts = new DraftJob({
    db,
    clock,
    logger: logger.child({ component: 'drafts' }),
    timing: config.drafts,
    onQueued: () => outbox.notify(),
  });
  const sla = new SlaJob({
    db,
    clock,
    logger: logger.child({ component: 'sla' }),
    targets: { adminTarget: config.adminNotifyTarget, headTarget: config.sla.headTarget },
    onQueued: () => outbox.notify(),
  });
  const repeatFaults = new RepeatFaultJob({
    db,
    clock,
    logger: logger.child({ component: 'repeat-faults' }),
    repeatFaults: config.repeatFaults,
    adminTarget: config.adminNotifyTarget,
    onQueued: () => outbox.notify(),
  });
  const retention = new RetentionJob({
    db,
    clock,
    logger: logger.child({ component: 'retention' }),
    settings: config.retention,
    mediaDir: config.media.dir,
  });
  const statsSummary = new StatsSummaryJob({ db, config, clock, logger: logger.child({ component: 'stats-summary' }) });
  return { registry, processor, outbox, media, tokens, autoClose, statsSummary, drafts, sla, repeatFaults, retention, metrics };
}
