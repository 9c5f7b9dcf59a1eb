/**
 * @module Absences set in the app: a person says they are away from one day to another and who decides in their
 * place. While the absence lasts, the stages that start seat the deputy instead (see `domain/stage-resolution.ts`).
 * One document per portal, changed by compare-and-set, so two people saving at once never lose either change.
 */
import { ulid } from 'ulid'
import { z } from 'zod'
import { userIdSchema, zoneOffsetMs, type Absence, type UserId } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { loadSettings } from './approval-settings.ts'
import type { PortalPeople } from './portal-users.ts'

/** Most absences one person keeps (ended ones are dropped when the list is saved). */
export const MAX_ABSENCES_PER_USER = 20

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')

/** What a person sends to set an absence: the first and last day (inclusive) and the deputy. */
export const absenceInputSchema = z
  .object({ from: day, to: day, deputyId: userIdSchema })
  .refine((input) => input.to >= input.from, { path: ['to'], message: 'The absence must end on or after it starts.' })

/** An absence as stored and listed: the days as entered, and the instants they cover in the portal's zone. */
export interface StoredAbsence extends Absence {
  id: string
  from: string
  to: string
  createdAt: string
}

type AbsenceBook = Record<string, StoredAbsence[]>

const bookKey = (memberId: string) => tenantKey(memberId, 'absences')

/** Midnight starting `date` (YYYY-MM-DD) in `timeZone`, as an instant. */
function startOfDay(date: string, timeZone: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00Z`)
  const offset = zoneOffsetMs(utcMidnight, timeZone)
  // A second look at the offset found covers a change of offset (DST) near midnight.
  return new Date(utcMidnight.getTime() - zoneOffsetMs(new Date(utcMidnight.getTime() - offset), timeZone))
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

/** Every absence of the portal that has not ended at `now`. */
export async function loadAbsences(store: Store, memberId: string, now: number): Promise<StoredAbsence[]> {
  const book = (await store.get<AbsenceBook>(bookKey(memberId)))?.value ?? {}
  return Object.values(book)
    .flat()
    .filter((absence) => Date.parse(absence.endsAt) > now)
}

/** `userId`'s absences that have not ended, soonest first. */
export async function listMyAbsences(store: Store, memberId: string, userId: UserId, now: number) {
  const all = await loadAbsences(store, memberId, now)
  return all.filter((a) => a.userId === userId).sort((a, b) => a.startsAt.localeCompare(b.startsAt))
}

async function changeBook(
  store: Store,
  memberId: string,
  change: (book: AbsenceBook) => AbsenceBook,
): Promise<AbsenceBook> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const current = await store.get<AbsenceBook>(bookKey(memberId))
    const next = change(structuredClone(current?.value ?? {}))
    if ((await store.compareAndSet(bookKey(memberId), next, current?.version ?? 0)) !== null) return next
  }
  throw new ConflictError('CONCURRENT_UPDATE', 'The absences changed meanwhile; try again')
}

/**
 * Sets an absence of `userId` from `input.from` to `input.to` (whole days in the portal's time zone) with
 * `input.deputyId` deciding in their place.
 * @throws ValidationError `INVALID_INPUT` when the deputy is the person themselves, the absence has already
 * ended, or the person already keeps {@link MAX_ABSENCES_PER_USER} absences.
 */
export async function setAbsence(
  deps: { store: Store; clock: Clock },
  memberId: string,
  userId: UserId,
  input: z.output<typeof absenceInputSchema>,
): Promise<StoredAbsence> {
  if (input.deputyId === userId) throw invalid('deputyId', 'Choose someone else as your deputy.')
  const now = deps.clock.now()
  const { calendar } = await loadSettings(deps.store, memberId)
  const absence: StoredAbsence = {
    id: ulid(now),
    userId,
    from: input.from,
    to: input.to,
    startsAt: startOfDay(input.from, calendar.timeZone).toISOString(),
    endsAt: startOfDay(nextDay(input.to), calendar.timeZone).toISOString(),
    deputyId: input.deputyId,
    createdAt: new Date(now).toISOString(),
  }
  if (Date.parse(absence.endsAt) <= now) throw invalid('to', 'This absence has already ended.')
  await changeBook(deps.store, memberId, (book) => {
    const mine = (book[String(userId)] ?? []).filter((a) => Date.parse(a.endsAt) > now)
    if (mine.length >= MAX_ABSENCES_PER_USER) throw invalid('from', `At most ${MAX_ABSENCES_PER_USER} absences.`)
    return { ...book, [String(userId)]: [...mine, absence] }
  })
  return absence
}

/**
 * Removes `userId`'s absence `id` (only their own).
 * @throws NotFoundError `ABSENCE_NOT_FOUND`.
 */
export async function removeAbsence(store: Store, memberId: string, userId: UserId, id: string): Promise<void> {
  await changeBook(store, memberId, (book) => {
    const mine = book[String(userId)] ?? []
    if (!mine.some((a) => a.id === id)) throw new NotFoundError('ABSENCE_NOT_FOUND', 'There is no such absence')
    return { ...book, [String(userId)]: mine.filter((a) => a.id !== id) }
  })
}

/**
 * Checks that `deputyId` is an active user of the portal (through the people cache).
 * @throws ValidationError `UNKNOWN_APPROVERS` when it is not.
 */
export async function checkDeputy(
  deps: { people: PortalPeople; directory: PortalDirectory },
  memberId: string,
  deputyId: UserId,
): Promise<void> {
  const people = await deps.people.people(memberId, () => deps.directory.portal(memberId), [deputyId])
  if (people.users.some((u) => u.id === deputyId)) return
  throw new ValidationError('UNKNOWN_APPROVERS', `No active portal user has the id ${deputyId}`, {
    details: [{ path: 'deputyId', message: `Unknown user ${deputyId}` }],
  })
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError('INVALID_INPUT', message, { details: [{ path, message }] })
}
