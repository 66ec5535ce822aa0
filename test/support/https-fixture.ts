import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SafeDownloadOptions } from '../../src/features/media/safe-download';

/** The name the fixture's certificate is issued to; it resolves only through the fake resolver. */
export const MEDIA_HOST = 'files.fonnte.test';

/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** The smallest thing a PDF reader opens. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpsFixture {
  port: number;
  /** The test certificate, to trust as a CA. */
  ca: string;
  /** `https://files.fonnte.test:<port><path>`. */
  url(path: string): string;
  /** Answers GET `path` with `handler` (replacing an earlier one). */
  route(path: string, handler: Handler): void;
  /** Answers `path` with each handler in turn, the last one from then on. */
  sequence(path: string, ...handlers: Handler[]): void;
  /** Paths requested so far, in order. */
  requests: string[];
  /** Names the fake resolver was asked for. */
  resolved: string[];
  /** Options that let safeDownload reach this server (and only it): the test seams. */
  downloadOptions(over?: Partial<SafeDownloadOptions>): SafeDownloadOptions;
  close(): Promise<void>;
}

export const serve =
  (body: Buffer | string, type: string, extra: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(body);
  };

export const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'text/plain', ...headers });
    res.end(`status ${code}`);
  };

/**
 * A local HTTPS file server standing in for Fonnte's file host. Its self-signed certificate
 * is generated for this run with `openssl` (no key is kept in the repository) and issued to
 * files.fonnte.test, so TLS is verified for real; the name reaches 127.0.0.1 only through
 * the fake resolver, which also proves the connection goes to the vetted address.
 */
export async function startHttpsFixture(): Promise<HttpsFixture> {
  const { key, cert } = selfSignedCertificate();
  const routes = new Map<string, Handler[]>();
  const requests: string[] = [];
  const resolved: string[] = [];
  const server: Server = createServer({ key, cert }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(path);
    const handlers = routes.get(path);
    if (!handlers) return status(404)(req, res);
    const handler = handlers.length > 1 ? handlers.shift()! : handlers[0]!;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    ca: cert,
    url: (path) => `https://${MEDIA_HOST}:${port}${path}`,
    route: (path, handler) => void routes.set(path, [handler]),
    sequence: (path, ...handlers) => void routes.set(path, handlers),
    requests,
    resolved,
    downloadOptions: (over = {}) => ({
      allowedHosts: ['*.fonnte.test'],
      maxBytes: 64 * 1024,
      timeoutMs: 2_000,
      allowPrivateAddresses: true,
      ca: cert,
      resolve: async (host) => {
        resolved.push(host);
        if (host === MEDIA_HOST) return ['127.0.0.1'];
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
      ...over,
    }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wa-media-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '2',
          '-subj',
          `/CN=${MEDIA_HOST}`,
          '-addext',
          `subjectAltName=DNS:${MEDIA_HOST},IP:127.0.0.1`,
        ],
        { stdio: 'pipe' },
      );
    } catch (err) {
      throw new Error(`the media tests need the openssl command (Debian: apt-get install openssl): ${(err as Error).message}`, {
        cause: err,
      });
    }
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
