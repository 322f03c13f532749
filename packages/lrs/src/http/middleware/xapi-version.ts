import type { RequestHandler } from 'express';
import type { XapiVersion } from '../../config.js';
import { LrsError } from '../../errors.js';
import { locals } from '../locals.js';

const V1 = /^1\.0(\.\d+)?$/;
const V2 = /^2\.0(\.\d+)?$/;

/** The version family a request asked for, or undefined when the header is missing or unsupported. */
export function requestedVersion(header: string | undefined): XapiVersion | undefined {
  const value = header?.trim() ?? '';
  if (V2.test(value)) return '2.0.0';
  if (V1.test(value)) return '1.0.3';
  return undefined;
}

/**
 * Sets `X-Experience-API-Version` on every response (errors included, xAPI 1.0.3 §6.2): the latest
 * patch of the family the request asked for, or `fallback` when it named none we speak.
 */
export function xapiVersionHeader(fallback: XapiVersion): RequestHandler {
  return (req, res, next) => {
    const version = requestedVersion(req.get('x-experience-api-version')) ?? fallback;
    locals(res).version = version;
    res.set('X-Experience-API-Version', version);
    next();
  };
}

/** Rejects requests without a supported `X-Experience-API-Version` (1.0.x or 2.0.x) with 400. */
export const requireXapiVersion: RequestHandler = (req, _res, next) => {
  const header = req.get('x-experience-api-version');
  if (requestedVersion(header)) return next();
  next(
    new LrsError(
      'LRS_VERSION_HEADER',
      header === undefined
        ? 'The X-Experience-API-Version header is missing; send 2.0.0 or 1.0.3.'
        : `X-Experience-API-Version ${JSON.stringify(header)} is not supported; send 2.0.0 or 1.0.3.`,
    ),
  );
};
