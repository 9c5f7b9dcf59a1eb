/**
 * @module What happened to a CRM entity, in the domain's words: the contract between the CRM event processing
 * (which reads Bitrix24 events and entities and detects entries) and the automation rules (which decide whether
 * an entry starts an approval). Nothing here knows Bitrix24 field names.
 */

/** A CRM entity the app watches. */
export type CrmEntityKind = 'deal' | 'lead'

/** The entity's facts that rule conditions read, as last read from the portal. */
export interface CrmEntityFacts {
  title: string
  /** The deal's amount or the lead's expected amount, in `currency`. */
  amount: number
  currency: string
  /** The pipeline of a deal (0 = the default one); always 0 for a lead. */
  pipelineId: number
  /** The deal's stage or the lead's status. */
  stageId: string
  sourceId: string
  responsibleId: number
  /** User fields (`UF_*`) by their code, as read. */
  userFields: Readonly<Record<string, unknown>>
}

/**
 * One entry of an entity into a state: `created`, or `stage` when it entered `facts.stageId`. `entryId` is unique
 * per entity and entry (leaving a stage and entering it again is a new entry), so `(rule, kind, entityId, entryId)`
 * names at most one approval.
 */
export interface CrmEntry {
  kind: CrmEntityKind
  entityId: number
  trigger: 'created' | 'stage'
  entryId: string
  facts: CrmEntityFacts
  /** When the entry was detected (ISO 8601). */
  at: string
}
