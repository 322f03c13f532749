import type { RequestHandler } from 'express';
import { OPENAPI } from '../openapi-document.js';

/** GET /openapi.json (outside /xapi, no credentials): the OpenAPI 3.1 description of this LRS. */
export const openApiRoute: RequestHandler = (_req, res) => {
  res.json(OPENAPI);
};
