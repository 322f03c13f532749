import type { RequestHandler } from 'express';

/** GET /about (xAPI 1.0.3 §7.7): the versions this LRS speaks; no auth and no version header needed. */
export const about: RequestHandler = (_req, res) => {
  res.json({ version: ['2.0.0', '1.0.3'] });
};
