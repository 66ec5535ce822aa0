import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { BackgroundLoop } from '../../background/background-loop';
import type { Db } from '../../db/create-db';
import { backoffDelay } from '../../shared/backoff';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import { claimDueMedia, markMediaFailed, markMediaRetry, markMediaStored, type ClaimedMedia } from './media.repository';
import { moveIntoPlace, partialPathFor, storagePathFor, sweepPartials } from './media-storage';
import { DownloadError, safeDownload, type DownloadedFile, type SafeDownloadOptions } from './safe-download';

/** Fonnte keeps a webhook's file for 30 minutes (https://docs.fonnte.com/, webhook notes). */
const FONNTE_FILE_LIFETIME_MS = 30 * 60_000;

export interface MediaWorkerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** MEDIA_DIR, absolute. */
  dir: string;
  /** The guard's settings (from config.media); tests add their seams here. */
  download: SafeDownloadOptions;
  /** Tries before a download that keeps failing is given up. */
  maxAttempts?: number;
  /** No retry is scheduled later than this after the row was created: the URL is dead by then. */
  giveUpAfterMs?: number;
  /** How long a claim lasts; must exceed download.timeoutMs. */
  leaseMs?: number;
  /** Idle poll interval; notify() skips the wait. */
  pollMs?: number;
  /** Downloads at once (and rows per claim). */
  concurrency?: number;
  /** Jitter source for retry backoff, in [0, 1); tests pin it. */
  random?: () => number;
  /** Replaces safeDownload (tests of the retry policy only). */
  downloader?: (url: string, destPath: string, opts: SafeDownloadOptions) => Promise<DownloadedFile>;
}

/**
 * Downloads the photos and documents queued by queueMediaDownload() into MEDIA_DIR, like
 * the OutboxWorker sends replies: leased claims, so any number of workers may share the
 * database; retries with backoff while Fonnte's URL can still be alive, then 'failed' with
 * the reason kept. A failed download touches only its media row, never the ticket.
 */
export class MediaWorker {
  private readonly o: Required<Omit<MediaWorkerOptions, 'downloader'>> & Pick<MediaWorkerOptions, 'downloader'>;
  private readonly loop: BackgroundLoop;

  constructor(opts: MediaWorkerOptions) {
    this.o = {
      ...opts,
      maxAttempts: opts.maxAttempts ?? 8,
      giveUpAfterMs: opts.giveUpAfterMs ?? FONNTE_FILE_LIFETIME_MS,
      leaseMs: opts.leaseMs ?? opts.download.timeoutMs + 60_000,
      pollMs: opts.pollMs ?? 2_000,
      concurrency: opts.concurrency ?? 3,
      random: opts.random ?? Math.random,
    };
    if (this.o.leaseMs <= opts.download.timeoutMs) {
      throw new Error(`MediaWorker: leaseMs (${this.o.leaseMs}) must exceed the download timeout (${opts.download.timeoutMs})`);
    }
    if (this.o.maxAttempts < 1 || this.o.concurrency < 1) throw new Error('MediaWorker: maxAttempts and concurrency must be at least 1');
    this.loop = new BackgroundLoop({
      name: 'media claim',
      logger: this.o.logger,
      pollMs: this.o.pollMs,
      // A full claim: more rows are probably due.
      pass: async () => (await this.runBatch()) === this.o.concurrency,
    });
  }

  /** Starts polling (unref'd timer) and clears partial files a crashed worker left behind. */
  start(): void {
    if (!this.loop.start()) return;
    void sweepPartials(this.o.dir, this.o.leaseMs * 2).catch((err: unknown) =>
      this.o.logger.warn({ err }, 'media: could not sweep partial files'),
    );
  }

  /** Wakes the loop now, e.g. after a message with a file was stored. */
  notify(): void {
    this.loop.notify();
  }

  /** Stops polling and resolves once the downloads in flight are recorded. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Claims and processes every due row until none is due; returns how many were processed. */
  async drain(): Promise<number> {
    let processed = 0;
    for (;;) {
      const n = await this.runBatch();
      if (n === 0) return processed;
      processed += n;
    }
  }

  private async runBatch(): Promise<number> {
    const { db, clock, leaseMs, concurrency } = this.o;
    const rows = await claimDueMedia(db, { now: clock.now(), limit: concurrency, leaseMs, token: randomUUID() });
    await Promise.all(rows.map((row) => this.process(row)));
    return rows.length;
  }

  /** Downloads one claimed row and records the outcome. Never rejects. */
  private async process(row: ClaimedMedia): Promise<void> {
    const log = this.o.logger.child({ mediaId: row.id, ticketId: row.ticketId, attempts: row.attempts });
    const { db, dir, clock } = this.o;
    let partial: string | undefined;
    try {
      partial = await partialPathFor(dir, row.id, row.claimToken);
      const file = await (this.o.downloader ?? safeDownload)(row.sourceUrl, partial, this.o.download);
      const storagePath = storagePathFor({ id: row.id, createdAt: row.createdAt, sha256: file.sha256, extension: file.extension });
      await moveIntoPlace(dir, partial, storagePath);
      partial = undefined;
      const owned = await markMediaStored(db.kysely, row.id, row.claimToken, {
        now: clock.now(),
        file: { contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256, storagePath },
      });
      if (owned) log.info({ contentType: file.contentType, sizeBytes: file.sizeBytes, storagePath }, 'media stored');
      // Same id and bytes give the same path, so the new owner's file is this one: leave it.
      else log.warn({ outcome: 'stored' }, 'media claim lost: another worker owns the row; outcome not recorded');
    } catch (err) {
      if (partial) await unlink(partial).catch(() => undefined);
      await this.recordFailure(row, err, log).catch((e: unknown) =>
        log.error({ err: e }, 'media outcome not recorded; the row is taken again when its lease expires'),
      );
    }
  }

  private async recordFailure(row: ClaimedMedia, err: unknown, log: Logger): Promise<void> {
    const { db, clock, maxAttempts, giveUpAfterMs, random } = this.o;
    const e =
      err instanceof DownloadError
        ? err
        : new DownloadError('network', `storage error: ${err instanceof Error ? err.message : String(err)}`, true);
    const error = `${e.reason}: ${e.message}`.slice(0, 1000);
    const now = clock.now();
    const dueAt = now + backoffDelay(row.attempts, { baseMs: 5_000, capMs: 5 * 60_000, random });
    const expired = dueAt > row.createdAt + giveUpAfterMs;
    if (!e.retriable || row.attempts >= maxAttempts || expired) {
      const owned = await markMediaFailed(db.kysely, row.id, row.claimToken, { now, error });
      if (owned) log.warn({ reason: e.reason, error, retriable: e.retriable }, 'media download failed for good');
      return;
    }
    const owned = await markMediaRetry(db.kysely, row.id, row.claimToken, { now, dueAt, error });
    if (owned) log.warn({ reason: e.reason, error, retryAt: new Date(dueAt).toISOString() }, 'media download failed; will retry');
  }
}
