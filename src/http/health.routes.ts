import { Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../db/create-db';

/** `GET /health`: 200 when the database answers, 503 otherwise (for load balancers and compose healthchecks). */
export function healthRouter(db: Db): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await sql`select 1`.execute(db.kysely);
      res.json({ status: 'ok', database: db.dialect });
    } catch {
      res.status(503).json({ status: 'unavailable', database: db.dialect });
    }
  });
  return router;
}
