/** @module The bot's English texts. */
import { behalfPhrase } from '../../../domain/index.ts'
import { escapeHtml as e } from '../html.ts'
import type { LinkedAccount } from '../../../ports/telegram-bot.ts'
import type { BotTexts } from './bot-texts.ts'

const accountLine = (a: LinkedAccount) => `• ${e(a.userName)} — ${e(a.portalDomain)}`
const accountList = (accounts: LinkedAccount[]) => accounts.map(accountLine).join('\n')
const verb = { approve: 'approve', reject: 'reject', 'send-back': 'send back', comment: 'comment on' } as const

/** English. */
export const en: BotTexts = {
  linked: (a, replaced) =>
    `✅ Linked: <b>${e(a.userName)}</b> on <b>${e(a.portalDomain)}</b>.\nApproval requests will come here.` +
    (replaced ? '\nThe Telegram account linked before was disconnected.' : ''),
  linkCodeExpired:
    '⌛ This link has expired or is not valid. Open the app in Bitrix24 and press “Connect Telegram” again.',
  linkCodeUsed: '🔁 This link was already used. Open the app in Bitrix24 and press “Connect Telegram” for a new one.',
  howToLink: (accounts) =>
    accounts.length > 0
      ? `You are linked:\n${accountList(accounts)}\n\nTo link another portal, open the app in Bitrix24 → Telegram → “Connect Telegram”.`
      : 'Hello! To receive approval requests, open the app in your Bitrix24 portal → Telegram → “Connect Telegram”, then follow the link.',
  unlinked: (accounts) =>
    accounts.length > 0
      ? `Disconnected:\n${accountList(accounts)}\nYou will not receive approval requests here any more.`
      : 'This Telegram account was not linked.',
  notLinked: 'This Telegram account is not linked to Bitrix24. Send /start to learn how to connect.',
  help: (accounts) =>
    'I deliver Bitrix24 approval requests. Press the buttons under a request to answer.\n\n' +
    '/pending — my open requests\n/language — language\n/unlink — disconnect\n/cancel — cancel a comment' +
    (accounts.length > 0 ? `\n\nLinked:\n${accountList(accounts)}` : ''),
  chooseLanguage: 'Choose the language:',
  languageSet: 'Language: English.',
  cancelled: 'Cancelled. Nothing was sent.',
  nothingToCancel: 'There is nothing to cancel.',
  askComment: (title, action) =>
    action === 'comment'
      ? `💬 Write your comment on «${e(title)}». It will go with your answer. /cancel — abort.`
      : action === 'send-back'
        ? `↩️ What should be revised in «${e(title)}»? Reply to this message — the initiator gets your answer. /cancel — abort.`
        : `💬 A comment is required to ${verb[action]} «${e(title)}». Reply to this message. /cancel — abort.`,
  commentPlaceholder: 'Your comment',
  decisionRecorded: (title, action) =>
    action === 'comment'
      ? `Comment saved for «${e(title)}». Now choose your answer.`
      : `Done: ${verb[action]} «${e(title)}».`,
  refusal: {
    BAD_TAG: 'This button is not valid. Use /pending for fresh cards.',
    NOT_LINKED: 'Link your Telegram account first: /start',
    NOT_YOUR_TURN: 'Your stage has not started yet.',
    NOT_AN_APPROVER: 'You are not an approver of this request.',
    ALREADY_ANSWERED: 'You have already answered.',
    ALREADY_DECIDED: 'This request is already closed.',
    NOT_FOUND: 'This request no longer exists.',
    COMMENT_NOT_ALLOWED: 'This request does not take comments.',
    COMMENT_TOO_LONG: 'The comment is too long (at most 2000 characters).',
    NOT_ALLOWED: 'This answer is not available for this request.',
    SEND_BACK_DISABLED: 'This request cannot be sent back for revision: approve or reject it.',
    ROUND_CHANGED: 'This request has changed since this card was sent. Use the newer card or /pending.',
    UNAVAILABLE: 'Bitrix24 is not reachable right now. Please try again in a minute.',
  },
  noPending: 'No open requests. 🎉',
  pendingPortal: (a, count) => `<b>${e(a.portalDomain)}</b> (${e(a.userName)}): ${count} open`,
  unknownCommand: 'Unknown command. /help',
  profileLink: {
    ask: (a) =>
      `❓ Are you <b>${e(a.userName)}</b> on the Bitrix24 portal <b>${e(a.portalDomain)}</b>?\n` +
      'Their profile names this Telegram account. Answer Yes only if it is you: approval requests will come here.',
    yes: '✅ Yes, it is me',
    no: '❌ No',
    declined: 'Understood: nothing was linked. If someone typed your Telegram id by mistake, ignore this.',
    notYours: 'This question was not sent to you.',
    expired: 'This question has expired or was answered already.',
  },
  bulk: {
    offer: (n) => `You can approve all ${n} requests above at once.`,
    approveAll: (n) => `✅ Approve all ${n}`,
    confirm: (n) =>
      `Approve all ${n} requests? Each is approved on its own; a request that needs a comment is left for its card.`,
    yes: (n) => `Yes, approve ${n}`,
    cancel: 'Cancel',
    done: (decided, skipped) =>
      `✅ Approved: ${decided}.` +
      (skipped > 0 ? ` Left for their cards: ${skipped} (a comment is needed, or they changed).` : ''),
    cancelled: 'Bulk approval cancelled. Nothing was changed.',
  },
  buttons: { approve: '✅ Approve', reject: '❌ Reject', 'send-back': '↩️ Send back', comment: '💬 Comment' },
  card: {
    initiator: 'Initiator',
    subject: 'Subject',
    deadline: 'Due',
    stage: (n, count) => `Stage ${n} of ${count}`,
    round: (n) => `round ${n}`,
    lastDecision: 'Latest answer',
    progress: (answered, total) => `Answered ${answered} of ${total}`,
    onBehalfOf: (holder, behalf) => `${holder} — ${behalfPhrase(behalf.reason, behalf.name, 'en')}`,
    readMore: 'Read more',
    readInFull: '📖 Read in full',
    fullTextHeading: (title) => `<b>📄 Full description of «${e(title)}»</b>`,
    openInApp: 'Open in Bitrix24',
    openInBrowser: 'Open in the browser',
    status: {
      pending: '⏳ Waiting for answers',
      approved: '✅ Approved',
      rejected: '❌ Rejected',
      returned: '↩️ Sent back for revision',
      cancelled: '🚫 Cancelled',
      expired: '⌛ Expired',
    },
    response: { approve: 'approved', reject: 'rejected', 'send-back': 'sent back' },
    subjectKind: { deal: 'Deal', lead: 'Lead', task: 'Task' },
  },
  initiator: {
    decision: 'New answer on your request',
    outcome: 'Your request is closed',
    overdue: 'Your request is overdue',
    escalated: 'Your request was escalated',
    'approver-left': 'An approver left the company: their step went to their head',
  },
  commands: {
    pending: 'My open approval requests',
    help: 'Help',
    language: 'Language',
    unlink: 'Disconnect from Bitrix24',
    cancel: 'Cancel the comment',
  },
}
