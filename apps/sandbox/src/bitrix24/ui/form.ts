/**
 * @module Reading the portal UI's own HTML forms (`application/x-www-form-urlencoded` bodies of its buttons).
 */
import type { Context } from 'hono'

/** The submitted form as plain strings (repeated keys keep the last value). */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const form: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value.at(-1) : value
    form[key] = typeof last === 'string' ? last : ''
  }
  return form
}

/** Form fields whose value is non-empty, for `fields` of a `*.add` / `*.update` call. */
export function filledFields(form: Record<string, string>, names: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const name of names) {
    const value = form[name]?.trim()
    if (value) fields[name] = value
  }
  return fields
}
