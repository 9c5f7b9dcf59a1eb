/**
 * @module The subject of an approval as Bitrix24 knows it: a client names a deal, lead or task by kind and id,
 * and the item is read with that user's own token, so what they may not see in Bitrix24 cannot become a subject.
 */
import type { Subject, SubjectRef } from '../../domain/index.ts'
import type { SubjectMatch } from '../../ports/portal.ts'
import type { PortalDirectory } from '../portal-directory.ts'

/** Who asks: the verified portal and the user's own access token. */
export interface SubjectReader {
  memberId: string
  accessToken: string
}

/**
 * Replaces the subject `input` names with the item as Bitrix24 answers for `reader` (title, amount, currency,
 * responsible, link on the portal's domain); `null` and an absent subject stay as they are.
 * @throws NotFoundError `SUBJECT_NOT_FOUND`; PermissionError `SUBJECT_ACCESS_DENIED`; the Portal port's errors.
 */
export async function withPortalSubject<T extends { subject?: SubjectRef | null }>(
  directory: PortalDirectory,
  reader: SubjectReader,
  input: T,
): Promise<Omit<T, 'subject'> & { subject?: Subject | null }> {
  const { subject, ...rest } = input
  if (!subject) return input as Omit<T, 'subject'> & { subject?: null }
  return { ...rest, subject: await readSubject(directory, reader, { kind: subject.kind, id: subject.id }) }
}

/**
 * The deal, lead or task `ref` as Bitrix24 answers for `reader` (their own token).
 * @throws NotFoundError `SUBJECT_NOT_FOUND`; PermissionError `SUBJECT_ACCESS_DENIED`; the Portal port's errors.
 */
export async function readSubject(
  directory: PortalDirectory,
  reader: SubjectReader,
  ref: SubjectRef,
): Promise<Subject> {
  const portal = await directory.forUser(reader.memberId, reader.accessToken)
  return portal.subjects.read(ref)
}

/**
 * The deals or leads of `kind` whose title contains `text` (or whose id it is), as `reader` may see them in
 * Bitrix24 (their own token: the portal's CRM rights narrow the list); at most 20, recently changed first.
 * @throws the Portal port's errors.
 */
export async function findSubjects(
  directory: PortalDirectory,
  reader: SubjectReader,
  kind: SubjectMatch['kind'],
  text: string,
): Promise<SubjectMatch[]> {
  const portal = await directory.forUser(reader.memberId, reader.accessToken)
  return portal.subjects.search(kind, text)
}
