/**
 * @module The words the app writes into Bitrix24: task titles and descriptions, task comments, CRM timeline
 * comments and notifications, in the portal's write-back language (Russian or English, a portal setting). User
 * data is put in as plain text; Bitrix24 shows `im.notify` messages and comments as BB-code, so square brackets in
 * user text are neutralised. The link back is a BB-code `[URL=…]` around the style's link (the portal's
 * `REST_APP_URI` link, which opens the approval in the portal's slider). The end of an approval names every answer
 * of its last round, with the comments (issue #17: who decided and why).
 */
import {
  behalfPhrase,
  type Approval,
  type AuditEntry,
  type Behalf,
  type InitiatorNotice,
  type Outcome,
  type ResponseKind,
  type RobotAnswer,
  type TimelineEvent,
} from '../../domain/index.ts'
import type { WriteBackLanguage, WriteBackStyle } from '../../ports/portal-write-back.ts'

interface Words {
  system: string
  outcome: Record<Outcome, string>
  response: Record<ResponseKind, string>
  approval: string
  initiator: string
  subject: string
  open: string
  handedOver: string
  stageEnded: string
  stageEndedWithout: string
  started: string
  returned: string
  waitsForYou: string
  reminder: string
  from: string
  overdue: string
  escalated: string
  approverLeft: string
  answers: string
  cancelledIt: string
}

const words: Record<WriteBackLanguage, Words> = {
  ru: {
    system: 'Система',
    outcome: {
      approved: 'согласовано',
      rejected: 'отклонено',
      returned: 'возвращено на доработку',
      cancelled: 'отменено',
      expired: 'просрочено (срок истёк)',
    },
    response: { approve: 'согласовал(а)', reject: 'отклонил(а)', 'send-back': 'вернул(а) на доработку' },
    approval: 'Согласование',
    initiator: 'Инициатор',
    subject: 'Объект',
    open: 'Открыть согласование',
    handedOver: 'Задача передана',
    stageEnded: 'этап завершён',
    stageEndedWithout: 'Этап согласования завершён без вашего ответа',
    started: 'запущено',
    returned: 'возвращено на доработку',
    waitsForYou: 'Вам на согласование',
    reminder: 'Напоминание: ждёт вашего ответа',
    from: 'от',
    overdue: 'срок согласования истёк',
    escalated: 'срок истёк, согласование передано руководителям',
    approverLeft: 'согласующий уволен, его шаг передан руководителю',
    answers: 'Ответы',
    cancelledIt: 'отменил(а)',
  },
  en: {
    system: 'System',
    outcome: {
      approved: 'approved',
      rejected: 'rejected',
      returned: 'sent back for revision',
      cancelled: 'cancelled',
      expired: 'expired (the deadline passed)',
    },
    response: { approve: 'approved', reject: 'rejected', 'send-back': 'sent it back for revision' },
    approval: 'Approval',
    initiator: 'Initiator',
    subject: 'Item',
    open: 'Open the approval',
    handedOver: 'Task handed over to',
    stageEnded: 'the stage ended',
    stageEndedWithout: 'The approval stage ended without your answer',
    started: 'started',
    returned: 'sent back for revision',
    waitsForYou: 'Waiting for your approval:',
    reminder: 'Reminder: waiting for your answer:',
    from: 'from',
    overdue: 'the approval deadline passed',
    escalated: 'the deadline passed, the approval went to the department heads',
    approverLeft: 'an approver left the company, their step went to their head',
    answers: 'Answers',
    cancelledIt: 'cancelled it',
  },
}

/** Keeps user text from forming BB-code tags. */
export function plain(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')')
}

/** The write-back texts of one style: its language, its names of people and its links to the app. */
export function writeBackTexts(style: WriteBackStyle) {
  const { language } = style
  const w = words[language]
  const name = (userId: number | null) => (userId === null ? w.system : style.nameOf(userId))
  const link = (approval: Approval) => `[URL=${style.linkOf(approval).replace(/\]/g, '%5D')}]${w.open}[/URL]`
  const quoted = (text: string) => (language === 'ru' ? `«${text}»` : `“${text}”`)
  const outcomeWord = (approval: Approval) => w.outcome[approval.status as Outcome] ?? approval.status

  const commentOf = (comment: string | null) => (comment ? `: ${quoted(plain(comment))}` : '')

  /** What an answer looks like in a task comment, a timeline entry or a notification. */
  const decisionText = (entry: AuditEntry | undefined) => {
    if (!entry || !(entry.action in w.response)) return ''
    return `${name(entry.actorId)} ${w.response[entry.action as ResponseKind]}${commentOf(entry.comment)}`
  }

  /** Every answer of the last round, oldest first, and a cancel's reason: who decided and why. */
  const storyOf = (approval: Approval, entry: AuditEntry | undefined) => {
    const seats = (approval.rounds.at(-1)?.stages ?? []).flatMap((stage) => stage.seats)
    const answered = seats.flatMap((seat) => (seat.response ? [{ userId: seat.userId, response: seat.response }] : []))
    answered.sort((a, b) => a.response.at.localeCompare(b.response.at))
    const lines = answered.map(
      (a) => `${name(a.userId)} ${w.response[a.response.kind]}${commentOf(a.response.comment)}`,
    )
    const answers = lines.length > 0 ? ` ${w.answers}: ${lines.join('; ')}.` : ''
    const cancel =
      entry?.action === 'cancel' ? ` ${name(entry.actorId)} ${w.cancelledIt}${commentOf(entry.comment)}.` : ''
    return `${cancel}${answers}`
  }

  return {
    decisionText,

    /**
     * The title of an approver's task; with `behalf`, it ends with on whose behalf they decide (the approval's
     * title is shortened first, so that part always fits Bitrix24's 255 characters).
     */
    taskTitle: (approval: Approval, behalf?: Behalf) => {
      const title = `${w.approval}: ${approval.title}`
      if (!behalf) return title.slice(0, 255)
      const tail = ` (${behalfPhrase(behalf.reason, name(behalf.userId), language)})`.slice(0, 200)
      return `${title.slice(0, 255 - tail.length)}${tail}`
    },

    /** The description of an approver's task, with on whose behalf they decide and the link back to the app. */
    taskDescription: (approval: Approval, behalf?: Behalf) => {
      const subject = approval.subject
        ? `\n${w.subject}: ${plain(approval.subject.title || `#${approval.subject.id}`)}`
        : ''
      const phrase = behalf ? behalfPhrase(behalf.reason, plain(name(behalf.userId)), language) : ''
      const lead = phrase ? `${w.approval} ${phrase}\n\n` : ''
      return `${lead}${plain(approval.description)}\n\n${w.initiator}: ${name(approval.initiatorId)}${subject}\n${link(approval)}`.trim()
    },

    /** The comment that closes a task that was not answered by its approver. */
    taskClosedText: (reason: 'stage-ended' | 'handed-over', entry: AuditEntry | undefined) => {
      if (reason === 'handed-over') {
        const to = entry?.handovers.map((h) => name(h.toUserId)).join(', ') ?? ''
        return `${w.handedOver}: ${to}${entry?.comment ? ` (${quoted(plain(entry.comment))})` : ''}`
      }
      return `${w.stageEndedWithout}: ${entry?.outcome ? w.outcome[entry.outcome] : w.stageEnded}`
    },

    /** A CRM timeline comment at the start, for an answer, on return and at the end (with every answer). */
    timelineText: (approval: Approval, event: TimelineEvent, entry?: AuditEntry) => {
      const head = `${w.approval} ${quoted(plain(approval.title))}`
      if (event === 'started') return `${head} ${w.started}. ${link(approval)}`
      if (event === 'answered') return `${head}: ${decisionText(entry)}. ${link(approval)}`
      if (event === 'returned') return `${head} ${w.returned}.${storyOf(approval, entry)} ${link(approval)}`
      return `${head}: ${outcomeWord(approval)}.${storyOf(approval, entry)} ${link(approval)}`
    },

    /** A notification to an approver. */
    approverNoticeText: (approval: Approval, reason: string) => {
      const lead = reason === 'reminder' ? w.reminder : w.waitsForYou
      const from = `${w.from} ${name(approval.initiatorId)}`
      return `${lead} ${quoted(plain(approval.title))} ${from}. ${link(approval)}`
    },

    /** A notification to the initiator. */
    initiatorNoticeText: (
      approval: Approval,
      event: InitiatorNotice,
      outcome: Outcome | null,
      entry: AuditEntry | undefined,
    ) => {
      const head = quoted(plain(approval.title))
      if (event === 'decision') return `${head}: ${decisionText(entry)}. ${link(approval)}`
      if (event === 'overdue') return `${head}: ${w.overdue}. ${link(approval)}`
      if (event === 'escalated' || event === 'approver-left') {
        const to = entry?.handovers.map((h) => name(h.toUserId)).join(', ') ?? ''
        const what = event === 'escalated' ? w.escalated : w.approverLeft
        return `${head}: ${what}: ${to}. ${link(approval)}`
      }
      return `${head}: ${outcome ? w.outcome[outcome] : approval.status}.${storyOf(approval, entry)} ${link(approval)}`
    },

    /** The robot's log line when the approval ends. */
    robotLogText: (outcome: Outcome) => `${w.approval}: ${w.outcome[outcome]}`,

    /** The robot's `answers` return value: one line per answer, oldest first. */
    robotAnswersText: (answers: RobotAnswer[]) =>
      answers
        .map((a) => `${name(a.userId)} ${w.response[a.kind]}${a.comment ? `: ${quoted(plain(a.comment))}` : ''}`)
        .join('\n'),
  }
}

/** The write-back texts of one portal language. */
export type WriteBackTexts = ReturnType<typeof writeBackTexts>
