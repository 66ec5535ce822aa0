import type { Db } from '../../db/create-db';
import { findDeviceState } from './gateway-device.repository';

/** What the outbox needs to know before claiming: is the WhatsApp device connected? */
export interface GatewaySnapshot {
  device: string | null;
  /** null: Fonnte never reported the device, so it is presumed connected. */
  connected: boolean | null;
  /** When the state was recorded (our clock), to tell a reconnect from an older report. */
  updatedAt: number | null;
}

/** The interface OutboxWorker depends on. */
export interface GatewayStatusSource {
  current(): Promise<GatewaySnapshot>;
  /** Forget the cached state; the next current() reads the table. */
  invalidate(): void;
}

export interface GatewayStateOptions {
  db: Db;
  /** FONNTE_DEVICE; when undefined, the device reported most recently. */
  device: string | undefined;
  /** How long a read is reused; a webhook in this process invalidates it at once. */
  ttlMs?: number;
  /** Wall clock for the cache (not the domain clock: tests freeze that one). */
  monotonicNow?: () => number;
}

/**
 * The device state from gateway_devices, cached for a few seconds so the outbox can ask
 * before every claim. Another process (the device webhook in the web process, a separate
 * `npm run worker`) is seen within ttlMs; the same process calls invalidate() via notify().
 */
export class GatewayState implements GatewayStatusSource {
  private cached: { at: number; value: GatewaySnapshot } | undefined;
  private reading: Promise<GatewaySnapshot> | undefined;
  /** Bumped by invalidate(), so a read that began before it is not cached. */
  private generation = 0;
  private readonly ttlMs: number;
  private readonly monotonicNow: () => number;

  constructor(private readonly opts: GatewayStateOptions) {
    this.ttlMs = opts.ttlMs ?? 5_000;
    this.monotonicNow = opts.monotonicNow ?? (() => performance.now());
  }

  async current(): Promise<GatewaySnapshot> {
    const now = this.monotonicNow();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.value;
    if (!this.reading) {
      // Concurrent callers share one read.
      const reading = this.read(this.generation).finally(() => {
        if (this.reading === reading) this.reading = undefined;
      });
      this.reading = reading;
    }
    return this.reading;
  }

  invalidate(): void {
    this.generation += 1;
    this.cached = undefined;
    this.reading = undefined;
  }

  private async read(generation: number): Promise<GatewaySnapshot> {
    const started = this.monotonicNow();
    const state = await findDeviceState(this.opts.db.kysely, this.opts.device);
    const value: GatewaySnapshot = state
      ? { device: state.device, connected: state.status === 'connect', updatedAt: state.updatedAt }
      : { device: this.opts.device ?? null, connected: null, updatedAt: null };
    if (generation === this.generation) this.cached = { at: started, value };
    return value;
  }
}
