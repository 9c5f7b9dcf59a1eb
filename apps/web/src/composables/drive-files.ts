/**
 * @module Files attached from Bitrix24 Drive (issue 21): the Drive picker (`GET /api/app/drive`: the user's
 * storages, then a storage's or folder's contents, read with their own token so they see only their files) and the
 * files of the subject's timeline (`GET /api/app/subjects/:kind/:id/files`). Chosen files are named by Drive id
 * when the approval starts (`driveFiles`); the server reads and checks them like uploads.
 */
import { computed, ref } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'
import type { SubjectLike } from './subject.ts'

/** A storage, folder or file as the picker lists it. */
export interface DriveEntry {
  kind: 'storage' | 'folder' | 'file'
  id: number
  name: string
  size: number | null
}

/** A Drive file chosen for the approval. */
export interface ChosenDriveFile {
  driveFileId: number
  name: string
  size: number
}

/** One step of the picker's path: what was opened (null: the list of storages). */
type Place = { kind: 'storage' | 'folder'; id: number; name: string } | null

/** The picker's state, the subject's files and the chosen files. */
export function useDriveFiles() {
  const portal = usePortalStore()
  const listing = useRequestState()
  const subjectRequest = useRequestState()
  const path = ref<Place[]>([])
  const entries = ref<DriveEntry[]>([])
  const subjectFiles = ref<ChosenDriveFile[]>([])
  const chosen = ref<ChosenDriveFile[]>([])

  async function show(place: Place) {
    await listing.guarded(async (isCurrent) => {
      const query =
        place === null ? {} : place.kind === 'storage' ? { storage: String(place.id) } : { folder: String(place.id) }
      const answer = await readJson(portal.client().api.app.drive.$get({ query }))
      if (isCurrent()) entries.value = answer.items as DriveEntry[]
    })
  }

  /** Opens the picker at the user's storages. */
  async function openPicker() {
    path.value = [null]
    await show(null)
  }

  /** Opens a storage or folder, or chooses a file. */
  async function open(entry: DriveEntry) {
    if (entry.kind === 'file') return choose({ driveFileId: entry.id, name: entry.name, size: entry.size ?? 0 })
    const place = { kind: entry.kind, id: entry.id, name: entry.name }
    path.value = [...path.value, place]
    await show(place)
  }

  /** Goes back to step `index` of the path. */
  async function back(index: number) {
    path.value = path.value.slice(0, index + 1)
    await show(path.value[index] ?? null)
  }

  /** Closes the picker. */
  function closePicker() {
    path.value = []
    entries.value = []
  }

  /** Adds a file to the chosen ones (once). */
  function choose(file: ChosenDriveFile) {
    if (!chosen.value.some((f) => f.driveFileId === file.driveFileId)) chosen.value = [...chosen.value, file]
  }

  /** Removes a chosen file. */
  function remove(driveFileId: number) {
    chosen.value = chosen.value.filter((f) => f.driveFileId !== driveFileId)
  }

  /** Reads the files of a deal's or lead's timeline (none for a task or no subject). */
  async function loadSubjectFiles(subject: Pick<SubjectLike, 'kind' | 'id'> | null) {
    subjectFiles.value = []
    if (!subject || subject.kind === 'task') return
    await subjectRequest.guarded(async (isCurrent) => {
      const route = portal.client().api.app.subjects[':kind'][':id'].files
      const answer = await readJson(route.$get({ param: { kind: subject.kind, id: String(subject.id) } }))
      if (isCurrent()) subjectFiles.value = answer.items
    })
  }

  const driveFileIds = computed(() => chosen.value.map((f) => f.driveFileId))
  const picker = { path, entries, isLoading: listing.isLoading, error: listing.error }
  const subject = { files: subjectFiles, isLoading: subjectRequest.isLoading, error: subjectRequest.error }
  return {
    picker,
    subject,
    chosen,
    driveFileIds,
    openPicker,
    open,
    back,
    closePicker,
    choose,
    remove,
    loadSubjectFiles,
  }
}
