import express, { type RequestHandler } from 'express';
import { LrsError } from '../errors.js';
import { locals } from './locals.js';

/**
 * Reads every request body whole, whatever its type, into `res.locals.body` (413 above `limit`).
 * Routes parse it themselves: JSON, `multipart/mixed` or any document content.
 */
export function rawBody(limit: string): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit }),
    (req, res, next) => {
      const l = locals(res);
      if (l.body === undefined) l.body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      next();
    },
  ];
}

/** The media type of a Content-Type value, lower case, without parameters. */
export const mediaType = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Parses a UTF-8 JSON body; `LRS_MALFORMED_JSON` (400) when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new LrsError('LRS_MALFORMED_JSON');
  }
}
