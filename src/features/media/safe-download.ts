import { createHash } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAllowedHost, isPublicAddress } from './ip-address';
import { detectFileType, MEDIA_TYPES } from './media-types';

/** Why a download failed. Stable: stored in media.error and shown by GET /api/media/:id. */
export type DownloadFailureReason =
  | 'bad_url'
  | 'scheme'
  | 'host_not_allowed'
  | 'dns'
  | 'private_address'
  | 'redirect'
  | 'too_large'
  | 'bad_type'
  | 'bad_encoding'
  | 'timeout'
  | 'tls'
  | 'network'
  | `http_${number}`;

export class DownloadError extends Error {
  constructor(
    readonly reason: DownloadFailureReason,
    message: string,
    /** False when trying again cannot help (a refused URL, a file that is gone or unacceptable). */
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface SafeDownloadOptions {
  /** MEDIA_ALLOWED_HOSTS: exact names or `*.` wildcards. */
  allowedHosts: readonly string[];
  /** MEDIA_MAX_BYTES. */
  maxBytes: number;
  /** MEDIA_TIMEOUT_MS: the whole exchange, DNS to last byte. */
  timeoutMs: number;
  /** Tests only: let a local server on 127.0.0.1 through the address check. */
  allowPrivateAddresses?: boolean;
  /** Tests only: trust this CA (a self-signed test certificate) instead of the system's. */
  ca?: string | Buffer;
  /** Tests only: resolve names without DNS. Production uses the system resolver (getaddrinfo). */
  resolve?: (hostname: string) => Promise<string[]>;
}

export interface DownloadedFile {
  /** The canonical type, e.g. image/jpeg (never a parameter or an alias). */
  contentType: string;
  /** Without the dot, from the type, never from the sender's filename. */
  extension: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Downloads `url` into `destPath` (created or replaced; removed again on failure) without
 * letting the URL reach anything but an allowed host on a public address: https only,
 * host on the allow list, every resolved address public and the connection pinned to the
 * vetted one (so a DNS answer that changes between check and connect is never used), no
 * redirects, a size cap by header and while streaming, one deadline for the whole
 * exchange, and only the image and PDF types in MEDIA_TYPES, checked against the bytes.
 * @throws DownloadError with a stable `reason`.
 */
export async function safeDownload(url: string, destPath: string, opts: SafeDownloadOptions): Promise<DownloadedFile> {
  const target = checkUrl(url, opts.allowedHosts);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DownloadError('timeout', `no complete answer within ${opts.timeoutMs} ms`, true)),
    opts.timeoutMs,
  );
  let agent: Agent | undefined;
  try {
    const address = await untilAborted(resolveVetted(target.hostname, opts), controller.signal);
    agent = new Agent({ keepAlive: false, lookup: pinnedLookup(address), ...(opts.ca ? { ca: opts.ca } : {}) });
    const res = await get(target.url, agent, controller.signal);
    const type = acceptResponse(res, opts.maxBytes);
    const guard = new BodyGuard(opts.maxBytes, type);
    await pipeline(res, guard, createWriteStream(destPath, { mode: 0o640 }), { signal: controller.signal });
    return { contentType: type, extension: MEDIA_TYPES[type]!, sizeBytes: guard.size, sha256: guard.digest() };
  } catch (err) {
    await unlink(destPath).catch(() => undefined);
    throw toDownloadError(err, controller.signal);
  } finally {
    clearTimeout(timer);
    agent?.destroy();
  }
}

function checkUrl(raw: string, allowedHosts: readonly string[]): { url: URL; hostname: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DownloadError('bad_url', 'not a URL', false);
  }
  if (url.protocol !== 'https:') throw new DownloadError('scheme', `${url.protocol.replace(':', '')} is not allowed, only https`, false);
  if (url.username || url.password) throw new DownloadError('bad_url', 'credentials in the URL', false);
  const hostname = url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (!isAllowedHost(hostname, allowedHosts))
    throw new DownloadError('host_not_allowed', `host ${hostname} is not in MEDIA_ALLOWED_HOSTS`, false);
  return { url, hostname };
}

/** Every address the name resolves to must be public; the first is the one connected to. */
async function resolveVetted(hostname: string, opts: SafeDownloadOptions): Promise<string> {
  let addresses: string[];
  if (isIP(hostname)) addresses = [hostname];
  else {
    try {
      addresses = opts.resolve
        ? await opts.resolve(hostname)
        : (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
    } catch (err) {
      throw new DownloadError('dns', `${hostname} did not resolve: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, true);
    }
  }
  if (addresses.length === 0) throw new DownloadError('dns', `${hostname} has no address`, true);
  // Refuse when any answer is private: a name that mixes them is not a file host.
  const refused = addresses.find((a) => !isPublicAddress(a));
  if (refused !== undefined && !opts.allowPrivateAddresses) {
    throw new DownloadError('private_address', `${hostname} resolves to a non-public address`, false);
  }
  return addresses[0]!;
}

/** A lookup that answers every question with the vetted address. Node 20 asks with `all: true`. */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function get(url: URL, agent: Agent, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        agent,
        signal,
        headers: { accept: 'image/*, application/pdf', 'accept-encoding': 'identity', 'user-agent': 'wa-ticketing-media/1' },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** Checks status and headers before a byte of the body is read; returns the canonical type. */
function acceptResponse(res: IncomingMessage, maxBytes: number): string {
  const status = res.statusCode ?? 0;
  const refuse = (e: DownloadError): never => {
    res.destroy();
    throw e;
  };
  if (status >= 300 && status < 400) refuse(new DownloadError('redirect', `HTTP ${status}: redirects are not followed`, false));
  if (status !== 200) {
    const retriable = status >= 500 || status === 408 || status === 429;
    refuse(new DownloadError(`http_${status}`, `HTTP ${status}`, retriable));
  }
  const encoding = (res.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') refuse(new DownloadError('bad_encoding', `content-encoding ${encoding}`, false));
  const declared = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const type = declared === 'image/jpg' || declared === 'image/pjpeg' ? 'image/jpeg' : declared;
  if (!(type in MEDIA_TYPES)) refuse(new DownloadError('bad_type', `content-type ${declared || 'missing'} is not accepted`, false));
  const length = Number(res.headers['content-length']);
  if (res.headers['content-length'] !== undefined && Number.isFinite(length) && length > maxBytes) {
    refuse(new DownloadError('too_large', `content-length ${length} exceeds ${maxBytes} bytes`, false));
  }
  return type;
}

/** Counts, hashes and checks the body as it streams: stops at the size cap or at bytes that are not the declared type. */
class BodyGuard extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headSize = 0;
  private checked = false;

  constructor(
    private readonly maxBytes: number,
    private readonly type: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new DownloadError('too_large', `body exceeds ${this.maxBytes} bytes`, false));
    this.hash.update(chunk);
    if (!this.checked) {
      this.head.push(chunk);
      this.headSize += chunk.length;
      if (this.headSize >= 16) {
        const err = this.checkHead();
        if (err) return done(err);
      }
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.checked ? null : this.checkHead());
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  private checkHead(): DownloadError | null {
    this.checked = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    const actual = detectFileType(head);
    if (actual === this.type || (actual === 'image/heic' && this.type === 'image/heif')) return null;
    return new DownloadError('bad_type', `content is ${actual ?? 'not a known file type'}, declared ${this.type}`, false);
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const TLS_CODES = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_SSL_|EPROTO)/;

function toDownloadError(err: unknown, signal: AbortSignal): DownloadError {
  if (err instanceof DownloadError) return err;
  if (signal.aborted && signal.reason instanceof DownloadError) return signal.reason;
  const e = err as NodeJS.ErrnoException;
  const detail = `${e?.code ?? ''} ${e?.message ?? String(err)}`.trim();
  if (e?.code && TLS_CODES.test(e.code)) return new DownloadError('tls', detail, true);
  return new DownloadError('network', detail, true);
}
