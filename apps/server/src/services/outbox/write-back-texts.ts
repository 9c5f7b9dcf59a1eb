/**
 * @module The words the app writes into Bitrix24: task titles and descriptions, task comments, CRM timeline
 * comments and notifications, in Russian (the portal's language). User data is put in as plain text; Bitrix24
 * shows `im.notify` messages and comments as BB-code, so square brackets in user text are neutralised.
 */
import type { Approval, AuditEntry, InitiatorNotice, Outcome, ResponseKind } from '../../domain/index.ts'

/** Names of people by user id (from the people cache). */
export type NameOf = (userId: number | null) => string

const outcomeWords: Record<Outcome, string> = {
  approved: 'согласовано',
  rejected: 'отклонено',
  returned: 'возвращено на доработку',
  cancelled: 'отменено',
  expired: 'просрочено (срок истёк)',
}

const responseWords: Record<ResponseKind, string> = {
  approve: 'согласовал(а)',
  reject: 'отклонил(а)',
  'send-back': 'вернул(а) на доработку',
}

/** Keeps user text from forming BB-code tags. */
export function plain(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')')
}

/** The link to the approval in the app. */
export function approvalLink(appUrl: string, approval: Approval): string {
  return `${appUrl}/approvals/${approval.id}`
}

/** The title of an approver's task. */
export function taskTitle(approval: Approval): string {
  return `Согласование: ${approval.title}`.slice(0, 255)
}

/** The description of an approver's task, with the link back to the app. */
export function taskDescription(approval: Approval, appUrl: string, nameOf: NameOf): string {
  const subject = approval.subject ? `\nОбъект: ${plain(approval.subject.title || `#${approval.subject.id}`)}` : ''
  return (
    `${plain(approval.description)}\n\nИнициатор: ${nameOf(approval.initiatorId)}${subject}\n` +
    `Открыть согласование: ${approvalLink(appUrl, approval)}`
  ).trim()
}

/** What an answer looks like in a task comment, a timeline entry or a notification. */
export function decisionText(entry: AuditEntry | undefined, nameOf: NameOf): string {
  if (!entry || !(entry.action in responseWords)) return ''
  const words = responseWords[entry.action as ResponseKind]
  const comment = entry.comment ? `: «${plain(entry.comment)}»` : ''
  return `${nameOf(entry.actorId)} ${words}${comment}`
}

/** The comment that closes a task that was not answered by its approver. */
export function taskClosedText(reason: 'stage-ended' | 'handed-over', entry: AuditEntry | undefined, nameOf: NameOf) {
  if (reason === 'handed-over') {
    const to = entry?.handovers.map((h) => nameOf(h.toUserId)).join(', ') ?? ''
    return `Задача передана: ${to}${entry?.comment ? ` («${plain(entry.comment)}»)` : ''}`
  }
  const outcome = entry?.outcome ? outcomeWords[entry.outcome] : 'этап завершён'
  return `Этап согласования завершён без вашего ответа: ${outcome}`
}

/** A CRM timeline comment at the start, on return and at the end. */
export function timelineText(approval: Approval, event: 'started' | 'returned' | 'finished', appUrl: string) {
  const head = `Согласование «${plain(approval.title)}»`
  const link = approvalLink(appUrl, approval)
  if (event === 'started') return `${head} запущено. ${link}`
  if (event === 'returned') return `${head} возвращено на доработку. ${link}`
  return `${head}: ${outcomeWords[approval.status as Outcome] ?? approval.status}. ${link}`
}

/** A notification to an approver. */
export function approverNoticeText(approval: Approval, reason: string, appUrl: string, nameOf: NameOf) {
  const lead = reason === 'reminder' ? 'Напоминание: ждёт вашего ответа' : 'Вам на согласование'
  return `${lead} «${plain(approval.title)}» от ${nameOf(approval.initiatorId)}. ${approvalLink(appUrl, approval)}`
}

/** A notification to the initiator. */
export function initiatorNoticeText(
  approval: Approval,
  event: InitiatorNotice,
  outcome: Outcome | null,
  entry: AuditEntry | undefined,
  context: { appUrl: string; nameOf: NameOf },
) {
  const head = `«${plain(approval.title)}»`
  const link = approvalLink(context.appUrl, approval)
  if (event === 'decision') return `${head}: ${decisionText(entry, context.nameOf)}. ${link}`
  if (event === 'overdue') return `${head}: срок согласования истёк. ${link}`
  if (event === 'escalated') {
    const to = entry?.handovers.map((h) => context.nameOf(h.toUserId)).join(', ') ?? ''
    return `${head}: срок истёк, согласование передано руководителям: ${to}. ${link}`
  }
  return `${head}: ${outcome ? outcomeWords[outcome] : approval.status}. ${link}`
}
