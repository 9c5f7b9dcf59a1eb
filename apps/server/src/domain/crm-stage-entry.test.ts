import { describe, expect, it } from 'vitest'
import { detectCrmEntries, type CrmEntityRead, type CrmSeen } from './crm-stage-entry.ts'

const ctx = { at: '2026-12-07T10:00:05.000Z', watchingSince: '2026-12-01T00:00:00Z' }

function deal(stageId: string, times: { created?: string; modified: string; moved: string | null }): CrmEntityRead {
  return {
    ...{ kind: 'deal', entityId: 7 },
    facts: {
      ...{ title: 'Поставка', amount: 1000, currency: 'RUB', pipelineId: 0, stageId },
      ...{ sourceId: '', responsibleId: 1, userFields: {} },
    },
    createdAt: times.created ?? '2026-11-01T09:00:00+03:00',
    modifiedAt: times.modified,
    movedAt: times.moved,
  }
}
const seenAt = (stageId: string, moved: string | null, modified = moved ?? '2026-12-05T10:00:00+03:00'): CrmSeen => ({
  ...{ pipelineId: 0, stageId, movedAt: moved },
  modifiedAt: modified,
})
const ids = (seen: CrmSeen | null, read: CrmEntityRead) =>
  detectCrmEntries(seen, read, ctx).entries.map((e) => `${e.trigger} ${e.entryId}`)

describe('detectCrmEntries', () => {
  it.each([
    [
      'a deal created since watching: created and its first stage',
      null,
      deal('NEW', {
        created: '2026-12-07T12:00:00+03:00',
        modified: '2026-12-07T12:00:00+03:00',
        moved: '2026-12-07T12:00:00+03:00',
      }),
      ['created created', 'stage stage:0:NEW:2026-12-07T12:00:00+03:00'],
    ],
    [
      'first seen, created and moved long before watching: nothing',
      null,
      deal('WON', { modified: '2026-12-07T12:00:00+03:00', moved: '2026-11-02T09:00:00+03:00' }),
      [],
    ],
    [
      'first seen, created before watching but moved since: the stage entry',
      null,
      deal('APPROVAL', { modified: '2026-12-07T12:00:00+03:00', moved: '2026-12-07T12:00:00+03:00' }),
      ['stage stage:0:APPROVAL:2026-12-07T12:00:00+03:00'],
    ],
    [
      'another stage than seen: an entry',
      seenAt('NEW', '2026-12-05T10:00:00+03:00'),
      deal('APPROVAL', { modified: '2026-12-07T12:00:00+03:00', moved: '2026-12-07T12:00:00+03:00' }),
      ['stage stage:0:APPROVAL:2026-12-07T12:00:00+03:00'],
    ],
    [
      'same stage, only the amount changed: nothing',
      seenAt('APPROVAL', '2026-12-05T10:00:00+03:00'),
      deal('APPROVAL', { modified: '2026-12-07T12:00:00+03:00', moved: '2026-12-05T10:00:00+03:00' }),
      [],
    ],
    [
      'same stage but a newer move (left and came back between reads): a new entry',
      seenAt('APPROVAL', '2026-12-05T10:00:00+03:00'),
      deal('APPROVAL', { modified: '2026-12-07T12:00:00+03:00', moved: '2026-12-07T11:59:59+03:00' }),
      ['stage stage:0:APPROVAL:2026-12-07T11:59:59+03:00'],
    ],
    [
      'a stale read, older than what was seen: nothing',
      seenAt('WON', '2026-12-07T12:00:00+03:00'),
      deal('APPROVAL', { modified: '2026-12-07T11:00:00+03:00', moved: '2026-12-07T11:00:00+03:00' }),
      [],
    ],
    [
      'no MOVED_TIME from the portal: a stage change still counts, named by the modification',
      seenAt('NEW', null, '2026-12-05T10:00:00+03:00'),
      deal('APPROVAL', { modified: '2026-12-07T12:00:00+03:00', moved: null }),
      ['stage stage:0:APPROVAL:2026-12-07T12:00:00+03:00'],
    ],
  ])('%s', (_name, seen, read, expected) => {
    expect(ids(seen, read)).toEqual(expected)
  })

  it('names the same entry alike however often the same state is read', () => {
    const read = deal('APPROVAL', { modified: '2026-12-07T12:00:00+03:00', moved: '2026-12-07T12:00:00+03:00' })
    const first = detectCrmEntries(seenAt('NEW', '2026-12-05T10:00:00+03:00'), read, ctx)
    const again = detectCrmEntries(seenAt('NEW', '2026-12-05T10:00:00+03:00'), read, {
      ...ctx,
      at: '2026-12-07T10:09:00Z',
    })
    expect(again.entries.map((e) => e.entryId)).toEqual(first.entries.map((e) => e.entryId))
    expect(detectCrmEntries(first.seen, read, ctx).entries).toEqual([])
  })

  it('keeps the stored state for a stale read and records the new one otherwise', () => {
    const newer = deal('WON', { modified: '2026-12-07T12:00:00+03:00', moved: '2026-12-07T12:00:00+03:00' })
    expect(detectCrmEntries(seenAt('NEW', '2026-12-05T10:00:00+03:00'), newer, ctx).seen).toEqual({
      ...{ pipelineId: 0, stageId: 'WON', movedAt: '2026-12-07T12:00:00+03:00' },
      modifiedAt: '2026-12-07T12:00:00+03:00',
    })
    expect(detectCrmEntries(seenAt('LOSE', '2026-12-08T10:00:00+03:00'), newer, ctx).seen).toBeNull()
  })
})
