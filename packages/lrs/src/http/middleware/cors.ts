import type { RequestHandler } from 'express';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match';
const EXPOSE_HEADERS = 'X-Experience-API-Version, X-Experience-API-Consistent-Through, ETag, Last-Modified';

/**
 * CORS for browser clients: the course player posts from an LMS iframe on another origin. Any
 * origin may call (credentials travel in the Authorization header, not in cookies); preflight
 * requests are answered here, before version and auth checks.
 */
export const cors: RequestHandler = (req, res, next) => {
  const origin = req.get('origin');
  res.set('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.vary('Origin');
  res.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  if (req.method !== 'OPTIONS') return next();
  res.set('Access-Control-Allow-Methods', ALLOW_METHODS);
  res.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
  res.set('Access-Control-Max-Age', '600');
  res.status(204).end();
};
