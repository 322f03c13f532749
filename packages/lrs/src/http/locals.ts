import type { Response } from 'express';
import type { XapiVersion } from '../config.js';
import type { AuthenticatedCredential } from '../service/credentials/credentials.js';

/** What the middleware chain records on `res.locals` for later handlers. */
export interface LrsLocals {
  requestId: string;
  credential?: AuthenticatedCredential;
  /** The xAPI version the request speaks (the configured default when it names none). */
  version: XapiVersion;
  /** The request body as received (empty when there is none). */
  body?: Buffer;
}

export const locals = (res: Response) => res.locals as LrsLocals;
