/**
 * @module The words of exported files, in Russian and English: column headers of the approvals export, status
 * and subject names, and the sheet and column names of the statistics workbook.
 */
import type { ApprovalStatus } from '../../domain/index.ts'

/** The languages an export is written in. */
export const exportLanguages = ['ru', 'en'] as const

/** One of {@link exportLanguages}. */
export type ExportLanguage = (typeof exportLanguages)[number]

interface ExportTexts {
  columns: Record<(typeof exportColumns)[number], string>
  statuses: Record<ApprovalStatus, string>
  subjectKinds: Record<'deal' | 'lead' | 'task', string>
  sheets: Record<'approvals' | 'totals' | 'series' | 'approvers' | 'templates' | 'stages' | 'open', string>
  stats: Record<
    | 'bucket'
    | 'started'
    | 'approved'
    | 'rejected'
    | 'sentBack'
    | 'cancelled'
    | 'timedOut'
    | 'approvalRate'
    | 'approver'
    | 'template'
    | 'noTemplate'
    | 'stage'
    | 'answers'
    | 'median'
    | 'p90'
    | 'late'
    | 'figure'
    | 'value'
    | 'period',
    string
  >
}

/** The texts of each language. */
export const exportTexts: Record<ExportLanguage, ExportTexts> = {
  ru: {
    columns: {
      ...{ id: 'ID', title: 'Название', status: 'Статус', initiator: 'Инициатор', createdAt: 'Создано' },
      ...{ closedAt: 'Завершено', template: 'Шаблон', subject: 'Объект', amount: 'Сумма', currency: 'Валюта' },
      ...{ waitingFor: 'Ожидает ответа', deadline: 'Срок' },
    },
    statuses: {
      ...{ pending: 'На согласовании', approved: 'Согласовано', rejected: 'Отклонено' },
      ...{ returned: 'Возвращено на доработку', cancelled: 'Отменено', expired: 'Истёк срок' },
    },
    subjectKinds: { deal: 'Сделка', lead: 'Лид', task: 'Задача' },
    sheets: {
      ...{ approvals: 'Согласования', totals: 'Итоги', series: 'По периодам', approvers: 'Согласующие' },
      ...{ templates: 'Шаблоны', stages: 'Этапы', open: 'Открытые' },
    },
    stats: {
      ...{ bucket: 'Период', started: 'Начато', approved: 'Согласовано', rejected: 'Отклонено' },
      ...{ sentBack: 'Возвращено', cancelled: 'Отменено', timedOut: 'Истёк срок', approvalRate: 'Доля согласованных' },
      ...{ approver: 'Согласующий', template: 'Шаблон', noTemplate: 'Без шаблона', stage: 'Этап' },
      ...{ answers: 'Ответов', median: 'Медиана, мин', p90: 'p90, мин', late: 'С нарушением срока' },
      ...{ figure: 'Показатель', value: 'Значение', period: 'Период' },
    },
  },
  en: {
    columns: {
      ...{ id: 'ID', title: 'Title', status: 'Status', initiator: 'Initiator', createdAt: 'Created' },
      ...{ closedAt: 'Closed', template: 'Template', subject: 'Subject', amount: 'Amount', currency: 'Currency' },
      ...{ waitingFor: 'Waiting for', deadline: 'Deadline' },
    },
    statuses: {
      ...{ pending: 'Pending', approved: 'Approved', rejected: 'Rejected' },
      ...{ returned: 'Sent back for revision', cancelled: 'Cancelled', expired: 'Timed out' },
    },
    subjectKinds: { deal: 'Deal', lead: 'Lead', task: 'Task' },
    sheets: {
      ...{ approvals: 'Approvals', totals: 'Totals', series: 'Over time', approvers: 'Approvers' },
      ...{ templates: 'Templates', stages: 'Stages', open: 'Open' },
    },
    stats: {
      ...{ bucket: 'Period', started: 'Started', approved: 'Approved', rejected: 'Rejected' },
      ...{ sentBack: 'Sent back', cancelled: 'Cancelled', timedOut: 'Timed out', approvalRate: 'Approval rate' },
      ...{ approver: 'Approver', template: 'Template', noTemplate: 'No template', stage: 'Stage' },
      ...{ answers: 'Answers', median: 'Median, min', p90: 'p90, min', late: 'SLA breaches' },
      ...{ figure: 'Figure', value: 'Value', period: 'Period' },
    },
  },
}

/** The approvals export's columns, in order. */
export const exportColumns = [
  'id',
  'title',
  'status',
  'initiator',
  'createdAt',
  'closedAt',
  'template',
  'subject',
  'amount',
  'currency',
  'waitingFor',
  'deadline',
] as const
