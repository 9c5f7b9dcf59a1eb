/**
 * @module `POST /api/leads/:siteKey` (issue 20): a website form's submission, JSON or multipart, with CORS for the
 * site's own origins only (an unknown key is 404, another origin 403 without any CORS header). The route parses
 * the body and hands it to the intake; the answer is 202 with a receipt id once the submission is durable.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import { MAX_LEAD_FILE_BYTES, MAX_LEAD_FILES, siteKeyPattern } from '../domain/leads/index.ts'
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../ports/errors.ts'
import type { Store } from '../ports/store.ts'
import type { IncomingFile } from '../services/leads/lead-file-check.ts'
import { allowedSite, receiveChunk, receiveLead, type IntakeDeps } from '../services/leads/receive-lead.ts'
import { UPLOAD_CHUNK_BYTES, uploadIdPattern } from '../services/leads/lead-uploads.ts'
import { clientAddressOf } from './app-auth.ts'

/** The largest intake body: five files of 10 MB plus the fields and the multipart or base64 overhead. */
export const maxLeadBodyBytes = Math.ceil(MAX_LEAD_FILES * MAX_LEAD_FILE_BYTES * 1.37) + 1024 * 1024

const siteKeyParam = z.string().regex(siteKeyPattern)
const uploadIds = z
  .array(z.string().max(64))
  .max(MAX_LEAD_FILES * 2)
  .catch([])
/** The fields of one staged chunk (a multipart form). */
export const chunkFields = z.object({
  upload_id: z.string().regex(uploadIdPattern),
  index: z.coerce.number().int().min(0).max(1_000),
  chunks: z.coerce.number().int().min(1).max(1_000),
  name: z.string().trim().min(1).max(255),
  size: z.coerce.number().int().min(1),
  chunk: z.instanceof(File).refine((file) => file.size <= UPLOAD_CHUNK_BYTES, 'A chunk is at most 512 KB'),
})
const jsonFiles = z
  .array(z.object({ name: z.string().min(1).max(255), content: z.base64() }))
  .max(MAX_LEAD_FILES * 2)
  .default([])

/** CORS for the site's allowed origins; the site and origin are checked before anything else. */
function siteCors(store: Store) {
  return createMiddleware(async function siteCors(c, next) {
    const siteKey = c.req.param('siteKey') ?? ''
    const origin = c.req.header('origin')
    await allowedSite(store, siteKeyParam.safeParse(siteKey).success ? siteKey : '-', origin)
    c.header('Access-Control-Allow-Origin', origin!)
    c.header('Vary', 'Origin')
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'POST, OPTIONS')
      c.header('Access-Control-Allow-Headers', 'Content-Type')
      c.header('Access-Control-Max-Age', '600')
      return c.body(null, 204)
    }
    await next()
  })
}

async function readJsonBody(c: Context) {
  const body = z.record(z.string(), z.unknown()).parse(await c.req.json())
  const files: IncomingFile[] = jsonFiles.parse(body['files']).map((file) => ({
    name: file.name,
    bytes: new Uint8Array(Buffer.from(file.content, 'base64')),
  }))
  return { fields: body, files }
}

async function readMultipartBody(c: Context) {
  const form = await c.req.parseBody({ all: true })
  const fields: Record<string, unknown> = {}
  const files: IncomingFile[] = []
  const uploads: string[] = []
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && key === 'uploads') uploads.push(item)
      else if (typeof item === 'string') fields[key] = item
      else if (item.size > 0 || item.name)
        files.push({ name: item.name, bytes: new Uint8Array(await item.arrayBuffer()) })
    }
  }
  return { fields: { ...fields, uploads }, files }
}

/** The submission's fields and files from a JSON or multipart body. @throws 415 for any other body. */
async function readSubmission(c: Context) {
  const type = c.req.header('content-type') ?? ''
  if (/^application\/json/i.test(type)) return readJsonBody(c)
  if (/^multipart\/form-data/i.test(type)) return readMultipartBody(c)
  throw new UnsupportedMediaTypeError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as multipart/form-data or JSON')
}

/** The intake's body limit, in place of the app's 1 MB one (mounted by `app.ts` before any body is read). */
export function leadBodyLimit() {
  return bodyLimit({
    maxSize: maxLeadBodyBytes,
    onError: () => {
      throw new PayloadTooLargeError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxLeadBodyBytes} bytes`)
    },
  })
}

const addressOf = (c: Context) => clientAddressOf(c.req.header('x-forwarded-for'), c.req.header('x-real-ip'))

/** Reads one staged chunk. @throws 415 for a body that is not multipart, 400 for bad fields. */
export async function readChunk(c: Context) {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    throw new UnsupportedMediaTypeError('UNSUPPORTED_MEDIA_TYPE', 'Send a chunk as multipart/form-data')
  }
  return chunkOf(chunkFields.parse(await c.req.parseBody()))
}

/** A staged chunk from its validated form fields. */
export async function chunkOf(form: z.output<typeof chunkFields>) {
  const bytes = new Uint8Array(await form.chunk.arrayBuffer())
  const meta = { name: form.name, size: form.size, chunks: form.chunks }
  return { uploadId: form.upload_id, index: form.index, meta, bytes }
}

/** Creates the intake routes (mounted under `/api`): the submission, and the staged chunks of its files. */
export function createLeadRoutes(deps: IntakeDeps) {
  return new Hono()
    .on(['POST', 'OPTIONS'], '/leads/:siteKey', siteCors(deps.store))
    .on(['POST', 'OPTIONS'], '/leads/:siteKey/uploads', siteCors(deps.store))
    .post('/leads/:siteKey/uploads', async (c) => {
      const chunk = await readChunk(c)
      const origin = c.req.header('origin')
      await receiveChunk(deps, { siteKey: c.req.param('siteKey'), origin, address: addressOf(c), chunk })
      return c.body(null, 204)
    })
    .post('/leads/:siteKey', async (c) => {
      const { fields, files } = await readSubmission(c).catch((error: unknown) => {
        if (error instanceof UnsupportedMediaTypeError || error instanceof z.ZodError) throw error
        throw new ValidationError('MALFORMED_BODY', 'The body could not be read')
      })
      const receipt = await receiveLead(deps, {
        ...{ siteKey: c.req.param('siteKey'), origin: c.req.header('origin'), address: addressOf(c) },
        ...{ fields, files, uploadIds: uploadIds.parse(fields['uploads']) },
      })
      return c.json({ receiptId: receipt.receiptId }, 202)
    })
}
