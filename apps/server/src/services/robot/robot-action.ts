/**
 * @module The app's robot "Согласование в Telegram" / "Telegram approval" and the same handler as a
 * business-process action: their codes, parameters and return values as the portal's designers show them.
 */
import { commentPolicies, robotResults, ruleKinds, timeoutActions } from '../../domain/index.ts'
import type { AutomationAction, AutomationField, AutomationRequest } from '../../ports/portal.ts'

/** The robot's code (pipeline stages). */
export const robotCode = 'telegram_approval'
/** The business-process action's code (process designer). */
export const activityCode = 'telegram_approval_activity'

/** The handler both call. */
export function robotHandlerUrl(appUrl: string): string {
  return `${appUrl}/api/b24/robot`
}

const options = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v, v]))

const properties: Record<string, AutomationField> = {
  approvers: {
    name: { ru: 'Согласующие', en: 'Approvers' },
    description: {
      ru: 'Сотрудники или выражения: ответственный, его руководитель',
      en: 'Users or expressions: the responsible person, their head',
    },
    type: 'user',
    isRequired: true,
    isMultiple: true,
  },
  rule: {
    name: { ru: 'Правило (all, any, quorum, percent)', en: 'Rule (all, any, quorum, percent)' },
    type: 'select',
    options: options(ruleKinds),
    default: 'all',
  },
  rule_value: {
    name: { ru: 'Число для quorum или percent', en: 'Number for quorum or percent' },
    type: 'int',
  },
  title: { name: { ru: 'Название', en: 'Title' }, type: 'string', default: '{=Document:TITLE}' },
  description: { name: { ru: 'Описание', en: 'Description' }, type: 'text' },
  deadline_hours: {
    name: { ru: 'Срок, рабочих часов (0 — без срока)', en: 'Deadline, working hours (0: none)' },
    type: 'int',
    default: 0,
  },
  timeout_action: {
    name: { ru: 'Когда срок истёк', en: 'When the deadline passes' },
    type: 'select',
    options: options(timeoutActions),
    default: 'reject',
  },
  comment_policy: {
    name: { ru: 'Комментарий', en: 'Comment' },
    type: 'select',
    options: options(commentPolicies),
    default: 'required-on-reject',
  },
  attach_files: {
    name: { ru: 'Приложить файлы из ленты', en: 'Attach the timeline files' },
    description: {
      ru: 'Файлы комментариев в ленте сделки или лида (до 5 последних, до 10 МБ каждый)',
      en: "Files of the comments in the deal's or lead's timeline (up to the 5 newest, 10 MB each)",
    },
    type: 'bool',
    default: 'N',
  },
  template: {
    name: { ru: 'Код шаблона (необязательно)', en: 'Template code (optional)' },
    description: { ru: 'Этапы шаблона заменяют согласующих', en: "The template's stages replace the approvers" },
    type: 'string',
  },
}

const returnProperties: Record<string, AutomationField> = {
  result: {
    name: { ru: 'Результат', en: 'Result' },
    type: 'select',
    options: options(robotResults),
  },
  comment: { name: { ru: 'Комментарий', en: 'Comment' }, type: 'text' },
  decided_by: { name: { ru: 'Кто решил', en: 'Decided by' }, type: 'user' },
  decided_at: { name: { ru: 'Когда решено', en: 'Decided at' }, type: 'datetime' },
  answers: { name: { ru: 'Ответы', en: 'Answers' }, type: 'text' },
}

function action(code: string, appUrl: string): AutomationAction {
  return {
    code,
    handler: robotHandlerUrl(appUrl),
    name: { ru: 'Согласование в Telegram', en: 'Telegram approval' },
    description: {
      ru: 'Запускает согласование в Telegram и ждёт решения',
      en: 'Starts an approval in Telegram and waits for the decision',
    },
    properties,
    returnProperties,
    documents: ['deal', 'lead'],
  }
}

/** The robot and the business-process action the app registers in every portal. */
export function automationRequest(appUrl: string): AutomationRequest {
  return { robots: [action(robotCode, appUrl)], activities: [action(activityCode, appUrl)] }
}
