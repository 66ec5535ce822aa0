import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { ApiDeps } from '../../http/api-deps';
import { authOf } from '../../http/auth.middleware';
import { bearerAuth, errorBodySchema, openApiRegistry } from '../../http/openapi';
import { isActivelyAssigned } from '../assignments/assignment.repository';
import { findMedia } from './media.repository';
import { resolveStoredFile } from './media-storage';
import { MEDIA_TYPES } from './media-types';

const mediaParamsSchema = z.object({ id: z.coerce.number().int().positive().openapi({ example: 42 }) });

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/media/{id}',
  summary: 'A photo or document sent with a ticket or a progress report',
  description:
    'Administrator and Staf see every file; a TBO only the files of tickets they are actively assigned to. ' +
    'Anything else, and files not downloaded (yet), answer 404; details.status says pending, downloading or failed.',
  tags: ['media'],
  security: [{ [bearerAuth.name]: [] }],
  request: { params: mediaParamsSchema },
  responses: {
    200: {
      description: 'The file, as downloaded from Fonnte',
      content: Object.fromEntries(Object.keys(MEDIA_TYPES).map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])),
    },
    401: { description: 'Not signed in', content: { 'application/json': { schema: errorBodySchema } } },
    404: {
      description: 'No such file, not visible to you, or not downloaded',
      content: { 'application/json': { schema: errorBodySchema } },
    },
  },
});

/** `GET /api/media/:id`: serves a stored file to staff allowed to see its ticket. */
export function mediaRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/media/:id', async (req, res) => {
    const { id } = mediaParamsSchema.parse(req.params);
    const auth = authOf(req);
    const ex = deps.db.kysely;
    const media = await findMedia(ex, id);
    // One answer for "no such file" and "not yours": a technician learns nothing about other tickets.
    const visible =
      media !== undefined &&
      (auth.level === 'Administrator' ||
        auth.level === 'Staf' ||
        (auth.level === 'TBO' && (await isActivelyAssigned(ex, media.ticketId, auth.staffId))));
    if (!media || !visible) throw new AppError('NOT_FOUND', 'media not found');
    if (media.status !== 'stored' || !media.storagePath || !media.contentType) {
      const reason = media.status === 'failed' ? media.error?.split(':')[0] : undefined;
      throw new AppError('NOT_FOUND', `media not available: ${media.status}`, { status: media.status, ...(reason ? { reason } : {}) });
    }
    const file = resolveStoredFile(deps.config.media.dir, media.storagePath);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      req.log?.error({ mediaId: id, storagePath: media.storagePath }, 'stored media file is missing from MEDIA_DIR');
      throw new AppError('NOT_FOUND', 'media not available: missing', { status: 'missing' });
    }
    const etag = `"${media.sha256 ?? info.size}"`;
    res.set({
      'Content-Type': media.contentType,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `${media.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename="media-${id}.${MEDIA_TYPES[media.contentType] ?? 'bin'}"`,
      // Staff-only content: browsers may keep it, shared caches must not.
      'Cache-Control': 'private, max-age=3600',
      // Opened on its own, the file gets no scripts, no plugins, no same-origin rights.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      ETag: etag,
    });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.set('Content-Length', String(info.size));
    await pipeline(createReadStream(file), res).catch((err: unknown) => {
      // Headers are gone by now: the error handler could not answer. Mostly a client that hung up.
      req.log?.warn({ err, mediaId: id }, 'media response ended early');
    });
  });
  return router;
}
