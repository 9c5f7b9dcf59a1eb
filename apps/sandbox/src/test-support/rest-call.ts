/**
 * @module A plain `fetch` REST call for tests: POST JSON with `auth`, as b24jssdk sends it (§3.2).
 */

/** The parsed answer and HTTP status of one call. */
export interface RestAnswer {
  status: number
  body: Record<string, unknown>
}

/** Calls `<restUrl><method>` with a JSON body and `auth`. */
export async function restCall(
  restUrl: string,
  token: string,
  method: string,
  params: object = {},
): Promise<RestAnswer> {
  const response = await fetch(`${restUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: token }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
