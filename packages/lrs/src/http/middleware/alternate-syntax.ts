import type { RequestHandler } from 'express';
import { LrsError } from '../../errors.js';
import { mediaType } from '../body.js';
import { locals } from '../locals.js';
import { requestedVersion } from './xapi-version.js';

const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];
/** Form fields that are headers in the alternate request syntax (xAPI 1.0.3 Communication §1.3). */
const HEADER_FIELDS = [
  'authorization',
  'x-experience-api-version',
  'content-type',
  'content-length',
  'if-match',
  'if-none-match',
];

const bad = (message: string) => new LrsError('LRS_ALTERNATE_SYNTAX', message);

/**
 * The alternate request syntax of xAPI 1.0.3 (Communication §1.3), for clients that cannot send
 * custom headers or other methods: `POST <resource>?method=PUT` with an
 * `application/x-www-form-urlencoded` body whose fields carry the headers, the parameters and the
 * `content`. The request is rewritten in place into the request it stands for.
 * SPEC NOTE (IEEE 9274.1.1): xAPI 2.0 removed the syntax; a 2.0 request using it is rejected (400).
 */
export const alternateSyntax: RequestHandler = (req, res, next) => {
  const method = req.query.method;
  if (method === undefined) return next();
  if (req.method !== 'POST') throw bad('The alternate request syntax (?method=) must be sent with POST.');
  if (typeof method !== 'string' || !METHODS.includes(method.toUpperCase()))
    throw bad('The method parameter must be GET, PUT, POST or DELETE.');
  const extra = Object.keys(req.query).filter((k) => k !== 'method');
  if (extra.length > 0)
    throw bad(`The alternate request syntax takes no query parameters but method (got ${extra.join(', ')}).`);
  if (mediaType(req.get('content-type')) !== 'application/x-www-form-urlencoded')
    throw bad('The alternate request syntax needs an application/x-www-form-urlencoded body.');

  const l = locals(res);
  const form = new URLSearchParams((l.body ?? Buffer.alloc(0)).toString('utf8'));
  const query: Record<string, string | string[]> = {};
  let content: string | undefined;
  delete req.headers['content-type'];
  for (const [name, value] of form) {
    const lower = name.toLowerCase();
    if (HEADER_FIELDS.includes(lower)) {
      if (lower !== 'content-length') req.headers[lower] = value;
    } else if (name === 'content') content = value;
    else {
      const seen = query[name];
      query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
  }
  const version = requestedVersion(req.get('x-experience-api-version'));
  if (version === '2.0.0' || (version === undefined && l.version === '2.0.0'))
    throw bad('xAPI 2.0 has no alternate request syntax; send the request itself.');
  if (version) {
    l.version = version;
    res.set('X-Experience-API-Version', version);
  }
  const target = method.toUpperCase();
  if ((target === 'PUT' || target === 'POST') && content === undefined)
    throw bad('The alternate request syntax needs the content form field for PUT and POST.');
  if (content !== undefined && req.headers['content-type'] === undefined)
    req.headers['content-type'] = 'application/json';
  req.method = target;
  Object.defineProperty(req, 'query', { value: query, configurable: true, writable: true });
  l.body = Buffer.from(content ?? '', 'utf8');
  next();
};
