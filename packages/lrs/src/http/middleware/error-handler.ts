import type { ErrorRequestHandler, RequestHandler } from 'express';
import { LrsError, type LrsErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { locals } from '../locals.js';

/** body-parser's error types → catalogue codes. */
const BODY_ERRORS: Record<string, LrsErrorCode> = {
  'entity.parse.failed': 'LRS_MALFORMED_JSON',
  'entity.too.large': 'LRS_BODY_TOO_LARGE',
  'encoding.unsupported': 'LRS_CONTENT_TYPE',
  'charset.unsupported': 'LRS_CONTENT_TYPE',
};

interface HttpishError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * Any thrown value → an `LrsError`. Client errors raised by Express or body-parser keep their 4xx
 * meaning; PostgreSQL data exceptions (SQLSTATE class 22) come from values the validation let
 * through and are the client's input, so 400; everything else is `LRS_INTERNAL`.
 */
export function toLrsError(error: unknown): { error: LrsError; internal: boolean } {
  if (error instanceof LrsError) return { error, internal: false };
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
  if (typeof e.type === 'string' && BODY_ERRORS[e.type]) {
    return { error: new LrsError(BODY_ERRORS[e.type]!), internal: false };
  }
  const status =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status === 413) return { error: new LrsError('LRS_BODY_TOO_LARGE'), internal: false };
  if (status >= 400 && status < 500) {
    const message = e.expose === true && typeof e.message === 'string' ? e.message : undefined;
    return { error: new LrsError('LRS_BAD_REQUEST', message), internal: false };
  }
  if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) {
    return {
      error: new LrsError('LRS_VALIDATION', 'The database rejected a value in the request.'),
      internal: false,
    };
  }
  return { error: new LrsError('LRS_INTERNAL'), internal: true };
}

/** The one error body: `{ code, message, requestId, issues? }`, with WWW-Authenticate on 401. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (thrown, req, res, next) => {
    const requestId = locals(res).requestId;
    const { error, internal } = toLrsError(thrown);
    if (internal) logger.error({ requestId, err: thrown }, 'unhandled error');
    else if (!(thrown instanceof LrsError)) logger.warn({ requestId, err: thrown }, 'client error');
    if (res.headersSent) return next(thrown);
    // A script that sends X-Requested-With handles 401 itself (the dashboard's sign-in form): no
    // challenge, so that the browser does not open its own password dialog.
    if (error.status === 401 && !req.get('x-requested-with'))
      res.set('WWW-Authenticate', 'Basic realm="xAPI"');
    res.status(error.status).json({
      code: error.code,
      message: error.message,
      requestId,
      ...(error.issues ? { issues: error.issues } : {}),
    });
  };
}

/** Unknown routes answer with the same JSON error body. */
export const notFound: RequestHandler = (req) => {
  throw new LrsError('LRS_ROUTE_NOT_FOUND', `No resource at ${req.method} ${req.path}.`);
};
