/**
 * @module The error a REST method answers with: HTTP status plus Bitrix24's `error` / `error_description`
 * envelope (§3.4). Method modules throw it; the router and `batch` turn it into the wire envelope.
 */

/** A Bitrix24 REST error; `code` may be an empty string, as legacy CRM methods answer (§3.4). */
export class RestError extends Error {
  readonly status: number
  readonly code: string
  readonly description: string
  readonly extra: Record<string, unknown>

  constructor(status: number, code: string, description: string, extra: Record<string, unknown> = {}) {
    super(`${code}: ${description}`)
    this.name = 'RestError'
    this.status = status
    this.code = code
    this.description = description
    this.extra = extra
  }

  /** The wire body `{ error, error_description, …extra }`. */
  toBody(): Record<string, unknown> {
    return { error: this.code, error_description: this.description, ...this.extra }
  }
}

/** 404 `ERROR_METHOD_NOT_FOUND` "Method not found!" (§3.4, the recommended 404). */
export function methodNotFound(): RestError {
  return new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!')
}

/** 403 `ACCESS_DENIED` with the given text. */
export function accessDenied(description = 'Access denied!'): RestError {
  return new RestError(403, 'ACCESS_DENIED', description)
}

/** 400 with an empty `error` code, as legacy CRM methods answer ("Not found", "ID is not defined or invalid"). */
export function crmError(description: string): RestError {
  return new RestError(400, '', description)
}
