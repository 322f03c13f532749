import { Router } from 'express';
import { LrsError } from '../../errors.js';
import type { Db } from '../../store/db.js';

/** GET /health: the process is up. GET /ready: the database answers (`select 1`), else 503. */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    try {
      await db.query('select 1');
    } catch {
      throw new LrsError('LRS_NOT_READY');
    }
    res.json({ status: 'ready', engine: db.engine });
  });
  return router;
}
