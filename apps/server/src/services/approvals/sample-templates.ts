/**
 * @module Sample templates an administrator adds on demand to start from: a discount, a purchase and a contract,
 * in the portal's language, with the administrator as the approver to replace. Adding them twice adds nothing:
 * a sample whose name the portal already has is skipped.
 */
import type { Clock } from '../../ports/clock.ts'
import type { Store } from '../../ports/store.ts'
import { createTemplate, listTemplates, templateInputSchema, type Template } from './approval-templates.ts'

type Language = 'ru' | 'en'

function samples(language: Language, approverId: number) {
  const ru = language === 'ru'
  const stage = (rule: { kind: 'all' } | { kind: 'any' }, workingHours: number | null) => ({
    approverIds: [approverId],
    rule,
    deadline: workingHours === null ? null : { workingHours, action: 'escalate' as const },
  })
  return [
    {
      name: ru ? 'Скидка клиенту' : 'Customer discount',
      description: ru
        ? 'Клиент, сделка, размер скидки и почему она нужна.'
        : 'Customer, deal, discount size and why it is needed.',
      commentPolicy: 'required-on-reject' as const,
      stages: [stage({ kind: 'any' }, 8)],
      reminders: { everyWorkingHours: 4, maxCount: 2 },
    },
    {
      name: ru ? 'Закупка' : 'Purchase',
      description: ru ? 'Что покупаем, у кого, сумма и срок.' : 'What is bought, from whom, the amount and the date.',
      commentPolicy: 'required-on-reject-or-send-back' as const,
      stages: [stage({ kind: 'all' }, 16), stage({ kind: 'any' }, 8)],
      reminders: { everyWorkingHours: 8, maxCount: 3 },
    },
    {
      name: ru ? 'Договор' : 'Contract',
      description: ru
        ? 'Контрагент, предмет, сумма; файл договора — ссылкой.'
        : 'Party, subject, amount; link the file.',
      commentPolicy: 'always' as const,
      stages: [stage({ kind: 'all' }, 24)],
      reminders: null,
    },
  ].map((sample) => templateInputSchema.parse(sample))
}

/**
 * Adds the sample templates the portal does not have yet (by name), in `language`, with `approverId` (the
 * administrator) as every stage's approver. Returns the templates added.
 */
export async function addSampleTemplates(
  deps: { store: Store; clock: Clock },
  memberId: string,
  language: Language,
  approverId: number,
): Promise<Template[]> {
  const existing = new Set((await listTemplates(deps.store, memberId)).map((template) => template.name))
  const added: Template[] = []
  for (const sample of samples(language, approverId)) {
    if (!existing.has(sample.name)) added.push(await createTemplate(deps, memberId, sample))
  }
  return added
}
