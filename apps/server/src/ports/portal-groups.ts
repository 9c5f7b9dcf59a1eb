/**
 * @module The workgroups facet of the Portal port (issue 21): the portal's workgroups and projects, for the
 * template form's picker, and their members, who a `group-members` role names when a stage starts.
 */
import type { UserId } from '../domain/index.ts'

/** A workgroup or project as the picker shows it. */
export interface Workgroup {
  id: number
  name: string
  /** A project (`PROJECT=Y`) rather than a plain workgroup. */
  isProject: boolean
}

/** The portal's workgroups. Every method may throw what the {@link Portal} documents. */
export interface Workgroups {
  /**
   * The active, not archived workgroups and projects the token holder may see, by name (at most 2,500: fifty
   * pages of 50).
   */
  list(): Promise<Workgroup[]>
  /**
   * The ids of the group's owner, moderators and members, as the portal lists them now (not those invited or
   * asking to join); `null` when the portal does not show the group to the token holder (no such group, or a
   * secret one).
   */
  members(groupId: number): Promise<UserId[] | null>
}
