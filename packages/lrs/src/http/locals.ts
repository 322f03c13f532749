import type { Response } from 'express';
import type { AuthenticatedCredential } from '../service/credentials/credentials.js';

/** What the middleware chain records on `res.locals` for later handlers. */
export interface LrsLocals {
  requestId: string;
  credential?: AuthenticatedCredential;
}

export const locals = (res: Response) => res.locals as LrsLocals;
