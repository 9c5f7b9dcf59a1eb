/**
 * @module Test harness (imported by tests and benches only): website form submissions for the lead intake — real
 * sample files (a PDF, a PNG, a GIF) and a multipart POST as the snippet sends it.
 */
import type { SiteInput } from '../domain/leads/index.ts'

/** A one-page PDF. */
export const samplePdf = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)
/** A 1×1 PNG. */
export const samplePng = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
)
/** A 1×1 GIF. */
export const sampleGif = Uint8Array.from(
  Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'),
)

/** The origin of the test website. */
export const siteOrigin = 'https://shop.example'

/** A site as an administrator would set it up. */
export function siteInput(overrides: Partial<SiteInput> = {}): SiteInput {
  return {
    name: 'Магазин',
    origins: [siteOrigin],
    assignedById: 1,
    sourceDescription: 'Форма на сайте shop.example',
    titleTemplate: 'Заявка с сайта — {name}',
    notifyUserIds: [],
    repeatCustomer: 'new-lead',
    ...overrides,
  }
}

/** Form fields of a person who took their time (the form was shown 10 s ago). */
export function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Иван Петров',
    phone: '8 (916) 123-45-67',
    email: 'ivan@example.com',
    message: 'Нужна консультация',
    consent: 'on',
    utm_source: 'yandex',
    form_started_at: String(Date.now() - 10_000),
    ...overrides,
  }
}

/** A multipart submission as the snippet sends it. */
export function leadForm(fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[] = []) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  for (const file of files) form.append('files', new File([Uint8Array.from(file.bytes)], file.name))
  return form
}

/** POSTs a submission to `POST /api/leads/:siteKey` of `app` from `origin`. */
export async function submitLead(
  app: { request(path: string, init: RequestInit): Response | Promise<Response> },
  siteKey: string,
  body: FormData | Record<string, unknown>,
  headers: Record<string, string> = { origin: siteOrigin },
): Promise<Response> {
  const isForm = body instanceof FormData
  return await app.request(`/api/leads/${siteKey}`, {
    method: 'POST',
    headers: isForm ? headers : { ...headers, 'content-type': 'application/json' },
    body: isForm ? body : JSON.stringify(body),
  })
}

/** Sends `bytes` as the staged chunks of one upload (as the snippet does) and returns the upload id and statuses. */
export async function stageUpload(
  app: { request(path: string, init: RequestInit): Response | Promise<Response> },
  siteKey: string,
  file: { name: string; bytes: Uint8Array },
  options: { headers?: Record<string, string>; uploadId?: string; skip?: number; chunkBytes?: number } = {},
) {
  const chunkBytes = options.chunkBytes ?? 512 * 1024
  const uploadId = options.uploadId ?? `up${Math.random().toString(36).slice(2, 14)}`
  const chunks = Math.max(1, Math.ceil(file.bytes.length / chunkBytes))
  const statuses: number[] = []
  for (let index = 0; index < chunks; index += 1) {
    if (index === options.skip) continue
    const part = new FormData()
    const meta = { upload_id: uploadId, index: String(index), chunks: String(chunks) }
    for (const [key, value] of Object.entries({ ...meta, name: file.name, size: String(file.bytes.length) }))
      part.append(key, value)
    const slice = Uint8Array.from(file.bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes))
    part.append('chunk', new File([slice], file.name))
    const response = await app.request(`/api/leads/${siteKey}/uploads`, {
      method: 'POST',
      headers: options.headers ?? { origin: siteOrigin },
      body: part,
    })
    statuses.push(response.status)
  }
  return { uploadId, statuses }
}
