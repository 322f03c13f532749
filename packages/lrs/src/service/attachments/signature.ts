import { createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import { LrsError } from '../../errors.js';
import { isObject, withComparableDurations } from '../statements/validate.js';

export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';
const ALGORITHMS: Record<string, string> = { RS256: 'RSA-SHA256', RS384: 'RSA-SHA384', RS512: 'RSA-SHA512' };

const bad = (message: string) => new LrsError('LRS_SIGNATURE', message);

function base64url(part: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw bad(`The JWS ${what} is not base64url.`);
  return Buffer.from(part, 'base64url');
}

/** Statement properties the signer did not sign: the LRS sets them, or they hold the signature. */
function signedView(statement: Record<string, unknown>): Record<string, unknown> {
  const { stored: _s, authority: _a, version: _v, attachments: _att, id: _id, ...rest } = statement;
  return withComparableDurations(rest);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]))
    );
  }
  return false;
}

/**
 * Checks a signed statement (xAPI 1.0.3 Data §2.6; IEEE 9274.1.1 §4.2.6.6): the signature
 * attachment holds a JWS in compact serialization, with algorithm RS256, RS384 or RS512, whose
 * payload is the statement as sent (without `attachments`; `id`, `stored`, `authority` and `version`
 * are ignored). When the JWS header carries an `x5c` certificate chain, the signature is verified
 * with the first certificate's key. Throws `LRS_SIGNATURE` (400).
 */
export function verifySignedStatement(
  statement: Record<string, unknown>,
  jws: Buffer,
  contentType: string,
): void {
  if (contentType.split(';')[0]!.trim().toLowerCase() !== 'application/octet-stream')
    throw bad('A signature attachment must have the contentType application/octet-stream.');
  const parts = jws.toString('utf8').trim().split('.');
  if (parts.length !== 3) throw bad('The signature is not a JWS in compact serialization.');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(base64url(headerPart, 'header').toString('utf8'));
    payload = JSON.parse(base64url(payloadPart, 'payload').toString('utf8'));
  } catch (error) {
    if (error instanceof LrsError) throw error;
    throw bad('The JWS header or payload is not JSON.');
  }
  if (!isObject(header) || typeof header.alg !== 'string' || !ALGORITHMS[header.alg])
    throw bad('The JWS algorithm must be RS256, RS384 or RS512.');
  if (!isObject(payload) || !sameJson(signedView(payload), signedView(statement)))
    throw bad('The JWS payload is not the statement that carries the signature.');
  if (payload.id !== undefined && statement.id !== undefined && payload.id !== statement.id)
    throw bad('The JWS payload has a different statement id.');
  if (Array.isArray(header.x5c) && typeof header.x5c[0] === 'string') {
    let key;
    try {
      key = new X509Certificate(Buffer.from(header.x5c[0], 'base64')).publicKey;
    } catch {
      try {
        key = createPublicKey({ key: Buffer.from(header.x5c[0], 'base64'), format: 'der', type: 'spki' });
      } catch {
        throw bad('The x5c certificate in the JWS header cannot be read.');
      }
    }
    const verifier = createVerify(ALGORITHMS[header.alg]!);
    verifier.update(`${headerPart}.${payloadPart}`);
    if (!verifier.verify(key, base64url(signaturePart, 'signature')))
      throw bad('The JWS signature does not verify with the x5c certificate.');
  }
}
