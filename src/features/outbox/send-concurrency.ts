/**
 * How many sends to Fonnte may be in flight at once, adapted to how the gateway answers (AIMD, as
 * TCP's congestion window): more while sends succeed and the limit is what holds the work back,
 * half as many when the gateway times out, fails (5xx, 429, network) or says `status:false`.
 *
 * Why adapt at all: Fonnte answers a send in 0.2–1 s, so a fixed 8 in flight caps replies at
 * 8–40 per second whatever the rest of the service can do; a fixed 100 would hit a gateway that is
 * struggling with 100 requests at a time. Pure state, no timers and no I/O: the outbox worker tells
 * it when a send starts and how it ended.
 */

import type { SendOutcome } from '../../fonnte/fonnte-client';

/** What one send says about the gateway's health. */
export type SendSignal =
  /** Fonnte accepted it. */
  | 'success'
  /** The gateway could not take it now: timeout, network error, 5xx, 429, `status:false` worth a retry. */
  | 'failure'
  /** Says nothing about load: the message itself was refused (bad target), or it was not sent. */
  | 'neutral';

export interface SendConcurrencyOptions {
  /** The limit at start (OUTBOX_CONCURRENCY), and the level regained quickly once failures stop. */
  initial: number;
  /** Never more than this (OUTBOX_MAX_CONCURRENCY). */
  max: number;
}

/** Handed out when a send starts; hand it back to finish(). */
export interface SendPermit {
  /** The number of decreases so far when the send started. */
  readonly epoch: number;
}

/**
 * Growth: +1 per success (the limit doubles per round trip, TCP's slow start) up to `threshold`,
 * then +1 per `limit` successes (one per round trip). Both only while `saturated`: sends waiting for
 * a slot, or every slot taken; a trickle of replies never inflates the limit it does not use.
 *
 * Decrease: halve (never below 1), once per round trip. A failure of a send that started before the
 * last decrease is ignored: 64 sends timing out together are one signal, not six halvings.
 * The threshold becomes the larger of the new limit and `initial`, so a short hiccup costs a few
 * round trips to get back to the configured start, and beyond it growth is careful again.
 */
export class SendConcurrency {
  private current: number;
  private threshold: number;
  /** Decreases so far; a permit older than this saw its congestion answered already. */
  private epoch = 0;
  /** Successes counted towards the next +1 above the threshold. */
  private credit = 0;
  private readonly initial: number;
  private readonly max: number;

  constructor(o: SendConcurrencyOptions) {
    if (!Number.isInteger(o.initial) || !Number.isInteger(o.max) || o.initial < 1 || o.max < o.initial) {
      throw new Error(`SendConcurrency: need integers 1 <= initial (${o.initial}) <= max (${o.max})`);
    }
    this.initial = o.initial;
    this.max = o.max;
    this.current = o.initial;
    // Until the first failure, grow fast: nothing says the gateway minds yet.
    this.threshold = o.max;
  }

  /** Sends that may be in flight now. */
  get limit(): number {
    return this.current;
  }

  /** Call as a send leaves. */
  start(): SendPermit {
    return { epoch: this.epoch };
  }

  /**
   * Call when the send's answer (or its failure) is known. `saturated`: whether work was waiting
   * for this send's slot or every slot was taken. Returns true when the limit changed.
   */
  finish(permit: SendPermit, signal: SendSignal, saturated: boolean): boolean {
    const before = this.current;
    if (signal === 'failure') {
      if (permit.epoch < this.epoch) return false;
      this.epoch += 1;
      this.current = Math.max(1, Math.floor(this.current / 2));
      this.threshold = Math.max(this.current, this.initial);
      this.credit = 0;
    } else if (signal === 'success' && saturated && this.current < this.max) {
      if (this.current < this.threshold) this.current += 1;
      else if (++this.credit >= this.current) {
        this.credit = 0;
        this.current += 1;
      }
    }
    return this.current !== before;
  }
}

/**
 * The signal of a send's outcome: every `retry` (timeout, network, 5xx, 429, an unexpected body,
 * `status:false` with a reason worth retrying, a refused token) says the gateway cannot take it now;
 * a `dead` one (`target invalid`, a 4xx) is about the message, not the gateway's load.
 */
export function signalOf(outcome: SendOutcome): SendSignal {
  if (outcome.kind === 'sent') return 'success';
  return outcome.kind === 'retry' ? 'failure' : 'neutral';
}
