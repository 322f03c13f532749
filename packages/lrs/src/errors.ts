/**
 * The LRS error catalogue: every error the LRS answers with has a code here, its HTTP status and a
 * default message. Handlers throw `LrsError`; `http/middleware/error-handler.ts` turns it into the one
 * error body `{ code, message, requestId, issues? }`.
 */
export const LRS_ERRORS = {
  /** Basic */
  LRS_INTERNAL: { status: 500, message: 'The LRS failed to handle the request; quote the requestId.' },
  LRS_ROUTE_NOT_FOUND: { status: 404, message: 'No such resource.' },
  LRS_NOT_READY: { status: 503, message: 'The LRS cannot reach its database.' },

  /** Request format */
  LRS_VERSION_HEADER: {
    status: 400,
    message: 'X-Experience-API-Version must be sent with a supported version (1.0.x or 2.0.x).',
  },
  LRS_BAD_REQUEST: { status: 400, message: 'The request could not be read.' },
  LRS_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  LRS_CONTENT_TYPE: { status: 400, message: 'The request body must be application/json.' },
  LRS_BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than this LRS accepts.' },
  LRS_INVALID_PARAMETER: { status: 400, message: 'A query parameter is missing, unknown or invalid.' },
  LRS_ALTERNATE_SYNTAX: { status: 400, message: 'The alternate request syntax request is not valid.' },
  LRS_ATTACHMENTS: { status: 400, message: 'The attachments do not match the statements.' },
  LRS_SIGNATURE: { status: 400, message: 'The signed statement does not verify.' },
  LRS_TOO_MANY: { status: 413, message: 'The request holds more than this LRS accepts.' },
  LRS_INVALID_CURSOR: { status: 400, message: 'The more cursor is not one this LRS issued.' },

  /** Authentication and authorisation */
  LRS_UNAUTHORIZED: { status: 401, message: 'Send valid HTTP Basic credentials.' },
  LRS_FORBIDDEN: { status: 403, message: 'The credential does not have the scope this request needs.' },

  /** Statements */
  LRS_VALIDATION: { status: 400, message: 'The statement is not valid xAPI.' },
  LRS_DUPLICATE_ID: { status: 400, message: 'The batch uses the same statement id more than once.' },
  LRS_INVALID_VOIDING: { status: 400, message: 'The voiding statement is not valid.' },
  LRS_STATEMENT_CONFLICT: {
    status: 409,
    message: 'A different statement with this id is already stored; statements are immutable.',
  },
  LRS_STATEMENT_NOT_FOUND: { status: 404, message: 'No statement with this id.' },

  /** Documents (state, activity profile, agent profile) */
  LRS_DOCUMENT_NOT_FOUND: { status: 404, message: 'No document with this key.' },
  LRS_DOCUMENT_CONFLICT: {
    status: 409,
    message:
      'The document exists; send If-Match with its ETag (or If-None-Match: *) so that a concurrent change is not lost.',
  },
  LRS_PRECONDITION_FAILED: {
    status: 412,
    message: 'The If-Match or If-None-Match condition does not hold for the document.',
  },
  LRS_PRECONDITION_REQUIRED: {
    status: 400,
    message: 'Send If-Match or If-None-Match with this request.',
  },
  LRS_DOCUMENT_MERGE: {
    status: 400,
    message: 'POST merges JSON objects: the stored and the sent document must both be JSON objects.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type LrsErrorCode = keyof typeof LRS_ERRORS;

/** One problem with a client's input: where (`path` into the body or parameter) and what. */
export interface Issue {
  path: (string | number)[];
  message: string;
}

export class LrsError extends Error {
  override name = 'LrsError';
  readonly status: number;

  constructor(
    readonly code: LrsErrorCode,
    message?: string,
    readonly issues?: Issue[],
  ) {
    super(message ?? LRS_ERRORS[code].message);
    this.status = LRS_ERRORS[code].status;
  }
}
