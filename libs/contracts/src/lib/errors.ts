/** One reason a field was refused, as returned in a 400 response. */
export interface FieldError {
  /** Dotted path of the field in the request (`body.name`, `params.id`, `query.level`). */
  field: string;
  /** Human-readable reason, in English; clients translate from `code` when they can. */
  reason: string;
  /** Machine-readable reason (the class-validator constraint name, e.g. `isUuid`). */
  code: string;
}

/** The JSON body of every error response of the API. Never a stack trace. */
export interface ApiErrorResponse {
  statusCode: number;
  /** Short machine-readable error name: `bad_request`, `not_found`, `conflict`, ... */
  error: string;
  message: string;
  /** Present on validation errors (400). */
  fields?: FieldError[];
  /** The request id, also in the `x-request-id` header and the server log. */
  requestId?: string;
  /** A finer code where one is defined (`checked_out`: the workshop is out in a field kit). */
  code?: string;
  /** With `checked_out`: the field kit holding the workshop. */
  kitId?: string;
}
