import { resolve } from 'node:path';
import { z } from 'zod';

/** Photos and documents downloaded from the gateway: where they go and what may be fetched. */
export const mediaEnv = z.object({
  /** Where downloaded photos and documents are kept. */
  MEDIA_DIR: z.string().default('./data/media'),
  /** Hosts media may be downloaded from (comma-separated, `*.` wildcards allowed). */
  MEDIA_ALLOWED_HOSTS: z.string().default('fonnte.com,*.fonnte.com'),
  /** Largest file downloaded, in bytes. */
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** Longest a download may take, in milliseconds. */
  MEDIA_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  /**
   * Let photo downloads reach private, loopback and link-local addresses (refused by default so a
   * forged webhook cannot make the service fetch from inside the campus network). Only for a
   * gateway on your own network, and for tests.
   */
  MEDIA_ALLOW_PRIVATE_NETWORK: z.enum(['true', 'false']).default('false'),
});

export interface MediaSettings {
  readonly media: {
    readonly dir: string;
    readonly allowedHosts: readonly string[];
    readonly maxBytes: number;
    readonly timeoutMs: number;
    readonly allowPrivateNetwork: boolean;
  };
}

export function mediaSettings(e: z.infer<typeof mediaEnv>): MediaSettings {
  return {
    media: Object.freeze({
      dir: resolve(e.MEDIA_DIR),
      allowedHosts: Object.freeze(
        e.MEDIA_ALLOWED_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
      maxBytes: e.MEDIA_MAX_BYTES,
      timeoutMs: e.MEDIA_TIMEOUT_MS,
      allowPrivateNetwork: e.MEDIA_ALLOW_PRIVATE_NETWORK === 'true',
    }),
  };
}
