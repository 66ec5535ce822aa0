import axios from 'axios';
import { createSendInstance, encodeSendForm } from './fonnte-transport';
import { SendDeadlines } from './send-deadlines';

/**
 * What became of one send, from the outbox's point of view:
 * - `sent`: Fonnte queued it.
 * - `retry`: the message is fine but could not be delivered now. `needsOperator`
 *   marks a cause only a person can fix (a wrong token or URL), worth an error log.
 * - `dead`: Fonnte will never accept this message (bad target, bad input).
 */
export type SendOutcome =
  { kind: 'sent'; providerId?: string } | { kind: 'retry'; reason: string; needsOperator?: boolean } | { kind: 'dead'; reason: string };

export interface FonnteClient {
  /** The longest one send may take; a worker's claim lease must outlast it. */
  readonly timeoutMs: number;
  /** Never throws: every failure is classified into a SendOutcome. */
  send(target: string, message: string): Promise<SendOutcome>;
}

export interface FonnteClientOptions {
  /** Base URL without trailing slash, e.g. https://api.fonnte.com */
  apiUrl: string;
  /** The device token. */
  token: string;
  timeoutMs?: number;
  /**
   * Connections kept to Fonnte at most, reused across sends (keep-alive): at least the outbox's
   * OUTBOX_MAX_CONCURRENCY, or sends beyond it would queue for a socket inside their timeout.
   * Default 64.
   */
  maxSockets?: number;
}

/** Fonnte reasons (HTTP 200, status false) that may clear up by themselves or by an operator's fix. */
const TRANSIENT_REASON = /disconnect|time\s*out|timed\s*out|quota|rate.?limit|too many|busy/i;
const OPERATOR_REASON = /token invalid|invalid token|unauthori[sz]ed/i;

/**
 * A client for Fonnte's send API (https://docs.fonnte.com/api-send-message/).
 * A timeout or network error after the request left us is ambiguous: Fonnte may
 * have queued the message. It is retried anyway, so a duplicate is possible then;
 * losing a reply is worse than sending it twice.
 */
export function createFonnteClient({ apiUrl, token, timeoutMs = 15_000, maxSockets = 64 }: FonnteClientOptions): FonnteClient {
  const url = `${apiUrl.replace(/\/+$/, '')}/send`;
  const api = createSendInstance({ url, token, maxSockets });
  const deadlines = new SendDeadlines(maxSockets);
  return {
    timeoutMs,
    async send(target, message) {
      // One timer bounds the whole exchange: connecting, waiting for the answer, reading its body.
      // (axios's own `timeout` is a wall clock only until the headers, then an idle timer on the
      // socket: a body trickling in would keep it from firing.)
      const deadline = deadlines.start(timeoutMs);
      try {
        // countryCode=0: numbers are stored in international form already, and
        // Fonnte's default (62) would rewrite a leading 0.
        const res = await api.request({ url, data: encodeSendForm(target, message), signal: deadline.signal });
        return classifyResponse(res.status, res.data);
      } catch (err) {
        return { kind: 'retry', reason: describeTransportError(err, timeoutMs) };
      } finally {
        deadline.finish();
      }
    },
  };
}

/** Maps an HTTP answer from Fonnte to an outcome. Exported for tests. */
function classifyResponse(status: number, data: unknown): SendOutcome {
  if (status === 429 || status >= 500) return { kind: 'retry', reason: `HTTP ${status}${snippet(data)}` };
  // Without redirects a 3xx means the configured URL is wrong, not the message.
  if (status >= 300 && status < 400) return { kind: 'retry', reason: `HTTP ${status} redirect: check FONNTE_API_URL`, needsOperator: true };
  if (status === 401 || status === 403) return { kind: 'retry', reason: `HTTP ${status}${snippet(data)}`, needsOperator: true };
  if (status >= 400) return { kind: 'dead', reason: `HTTP ${status}${snippet(data)}` };
  if (typeof data !== 'object' || data === null) {
    // A proxy's HTML page, most likely; the gateway may come back.
    return { kind: 'retry', reason: `HTTP ${status} unexpected body${snippet(data)}` };
  }
  const body = data as Record<string, unknown>;
  // Failure is also HTTP 200, so `status` decides; some answers spell it `Status`.
  if (body.status === true || body.Status === true) {
    const id: unknown = Array.isArray(body.id) ? (body.id as unknown[])[0] : body.id;
    return id === undefined || id === null ? { kind: 'sent' } : { kind: 'sent', providerId: String(id) };
  }
  const reason = String(body.reason ?? body.detail ?? 'status false without reason');
  if (OPERATOR_REASON.test(reason)) return { kind: 'retry', reason, needsOperator: true };
  if (TRANSIENT_REASON.test(reason)) return { kind: 'retry', reason };
  return { kind: 'dead', reason };
}

/** A bounded label for why a send failed, for metrics (the reason text itself varies without end). */
export type SendFailureKind =
  | 'timeout'
  | 'network'
  | 'http_5xx'
  | 'rate_limited'
  | 'http_4xx'
  | 'auth'
  | 'redirect'
  | 'unexpected_body'
  | 'device_disconnected'
  | 'quota'
  | 'target_invalid'
  | 'rejected'
  | 'client_error';

/** Classifies the reason of a failed SendOutcome (the texts this module writes, and Fonnte's own). */
export function sendFailureKind(reason: string): SendFailureKind {
  if (reason.startsWith('timeout after')) return 'timeout';
  if (reason.startsWith('network error')) return 'network';
  if (reason.startsWith('client error')) return 'client_error';
  const http = /^HTTP (\d{3})( redirect| unexpected body)?/.exec(reason);
  if (http) {
    const status = Number(http[1]);
    if (http[2] === ' redirect') return 'redirect';
    if (http[2] === ' unexpected body') return 'unexpected_body';
    if (status === 429) return 'rate_limited';
    if (status >= 500) return 'http_5xx';
    if (status === 401 || status === 403) return 'auth';
    return 'http_4xx';
  }
  if (/disconnect/i.test(reason)) return 'device_disconnected';
  if (OPERATOR_REASON.test(reason)) return 'auth';
  if (/quota|rate.?limit|too many/i.test(reason)) return 'quota';
  if (/time\s*out|timed\s*out/i.test(reason)) return 'timeout';
  if (/target|number/i.test(reason)) return 'target_invalid';
  return 'rejected';
}

function describeTransportError(err: unknown, timeoutMs: number): string {
  if (axios.isAxiosError(err) || axios.isCancel(err)) {
    const e = err as { code?: string; message?: string };
    const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || e.code === 'ERR_CANCELED';
    if (timedOut) return `timeout after ${timeoutMs} ms (Fonnte may have queued it)`;
    return `network error ${e.code ?? ''}: ${e.message ?? ''}`.trim();
  }
  return `network error: ${err instanceof Error ? err.message : String(err)}`;
}

function snippet(data: unknown): string {
  if (data === undefined || data === null || data === '') return '';
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return `: ${text.slice(0, 200)}`;
}
