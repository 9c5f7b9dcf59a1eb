/** @module The bot's Russian texts. */
import { behalfPhrase } from '../../../domain/index.ts'
import { escapeHtml as e } from '../html.ts'
import type { LinkedAccount } from '../../../ports/telegram-bot.ts'
import type { BotTexts } from './bot-texts.ts'

const accountLine = (a: LinkedAccount) => `• ${e(a.userName)} — ${e(a.portalDomain)}`
const accountList = (accounts: LinkedAccount[]) => accounts.map(accountLine).join('\n')
const verb = {
  approve: 'согласовать',
  reject: 'отклонить',
  'send-back': 'вернуть на доработку',
  comment: 'прокомментировать',
} as const

/** Русский. */
export const ru: BotTexts = {
  linked: (a, replaced) =>
    `✅ Подключено: <b>${e(a.userName)}</b>, портал <b>${e(a.portalDomain)}</b>.\nЗапросы на согласование будут приходить сюда.` +
    (replaced ? '\nПрежний аккаунт Telegram отключён.' : ''),
  linkCodeExpired:
    '⌛ Ссылка устарела или недействительна. Откройте приложение в Битрикс24 и снова нажмите «Подключить Telegram».',
  linkCodeUsed:
    '🔁 Эта ссылка уже использована. Откройте приложение в Битрикс24 и получите новую: «Подключить Telegram».',
  howToLink: (accounts) =>
    accounts.length > 0
      ? `Вы подключены:\n${accountList(accounts)}\n\nЧтобы подключить ещё портал, откройте приложение в Битрикс24 → Telegram → «Подключить Telegram».`
      : 'Здравствуйте! Чтобы получать запросы на согласование, откройте приложение на портале Битрикс24 → Telegram → «Подключить Telegram» и перейдите по ссылке.',
  unlinked: (accounts) =>
    accounts.length > 0
      ? `Отключено:\n${accountList(accounts)}\nЗапросы сюда больше приходить не будут.`
      : 'Этот аккаунт Telegram не был подключён.',
  notLinked: 'Этот аккаунт Telegram не подключён к Битрикс24. Отправьте /start, чтобы узнать, как подключиться.',
  help: (accounts) =>
    'Я доставляю запросы на согласование из Битрикс24. Отвечайте кнопками под запросом.\n\n' +
    '/pending — мои открытые запросы\n/language — язык\n/unlink — отключиться\n/cancel — отменить комментарий' +
    (accounts.length > 0 ? `\n\nПодключено:\n${accountList(accounts)}` : ''),
  chooseLanguage: 'Выберите язык:',
  languageSet: 'Язык: русский.',
  cancelled: 'Отменено. Ничего не отправлено.',
  nothingToCancel: 'Отменять нечего.',
  askComment: (title, action) =>
    action === 'comment'
      ? `💬 Напишите комментарий к «${e(title)}». Он будет приложен к вашему ответу. /cancel — отмена.`
      : action === 'send-back'
        ? `↩️ Что нужно доработать в «${e(title)}»? Ответьте на это сообщение — инициатор получит ваш ответ. /cancel — отмена.`
        : `💬 Чтобы ${verb[action]} «${e(title)}», нужен комментарий. Ответьте на это сообщение. /cancel — отмена.`,
  commentPlaceholder: 'Ваш комментарий',
  decisionRecorded: (title, action) =>
    action === 'comment'
      ? `Комментарий к «${e(title)}» сохранён. Теперь выберите ответ.`
      : `Готово: ${verb[action]} «${e(title)}».`,
  refusal: {
    BAD_TAG: 'Эта кнопка недействительна. Свежие карточки — /pending.',
    NOT_LINKED: 'Сначала подключите Telegram: /start',
    NOT_YOUR_TURN: 'Ваш этап ещё не начался.',
    NOT_AN_APPROVER: 'Вы не согласующий этого запроса.',
    ALREADY_ANSWERED: 'Вы уже ответили.',
    ALREADY_DECIDED: 'Запрос уже закрыт.',
    NOT_FOUND: 'Запрос больше не существует.',
    COMMENT_NOT_ALLOWED: 'Комментарии к этому запросу не принимаются.',
    COMMENT_TOO_LONG: 'Комментарий слишком длинный (не более 2000 символов).',
    NOT_ALLOWED: 'Этот ответ недоступен для запроса.',
    SEND_BACK_DISABLED: 'Этот запрос нельзя вернуть на доработку: согласуйте или отклоните его.',
    ROUND_CHANGED: 'Этот запрос изменился после отправки карточки. Откройте новую карточку или /pending.',
    UNAVAILABLE: 'Битрикс24 сейчас недоступен. Попробуйте через минуту.',
  },
  noPending: 'Открытых запросов нет. 🎉',
  pendingPortal: (a, count) => `<b>${e(a.portalDomain)}</b> (${e(a.userName)}): открытых — ${count}`,
  unknownCommand: 'Неизвестная команда. /help',
  profileLink: {
    ask: (a) =>
      `❓ Вы — <b>${e(a.userName)}</b> на портале Битрикс24 <b>${e(a.portalDomain)}</b>?\n` +
      'В его профиле указан этот аккаунт Telegram. Отвечайте «Да», только если это вы: сюда будут приходить запросы на согласование.',
    yes: '✅ Да, это я',
    no: '❌ Нет',
    declined: 'Понятно: ничего не подключено. Если кто-то указал ваш Telegram по ошибке, просто не обращайте внимания.',
    notYours: 'Этот вопрос адресован не вам.',
    expired: 'Этот вопрос устарел или на него уже ответили.',
  },
  bulk: {
    offer: (n) => `Можно согласовать все ${n} заявки выше разом.`,
    approveAll: (n) => `✅ Согласовать все (${n})`,
    confirm: (n) =>
      `Согласовать все заявки (${n})? Каждая согласуется отдельно; заявка, где нужен комментарий, останется в своей карточке.`,
    yes: (n) => `Да, согласовать (${n})`,
    cancel: 'Отмена',
    done: (decided, skipped) =>
      `✅ Согласовано: ${decided}.` +
      (skipped > 0 ? ` Осталось в карточках: ${skipped} (нужен комментарий или заявка изменилась).` : ''),
    cancelled: 'Массовое согласование отменено. Ничего не изменилось.',
  },
  buttons: {
    approve: '✅ Согласовать',
    reject: '❌ Отклонить',
    'send-back': '↩️ На доработку',
    comment: '💬 Комментарий',
  },
  card: {
    initiator: 'Инициатор',
    subject: 'Объект',
    deadline: 'Срок',
    stage: (n, count) => `Этап ${n} из ${count}`,
    round: (n) => `круг ${n}`,
    lastDecision: 'Последний ответ',
    progress: (answered, total) => `Ответили ${answered} из ${total}`,
    onBehalfOf: (holder, behalf) => `${holder} — ${behalfPhrase(behalf.reason, behalf.name, 'ru')}`,
    readMore: 'Читать полностью',
    readInFull: '📖 Читать полностью',
    fullTextHeading: (title) => `<b>📄 Полное описание «${e(title)}»</b>`,
    openInApp: 'Открыть в Битрикс24',
    openInBrowser: 'Открыть в браузере',
    status: {
      pending: '⏳ Ожидает ответов',
      approved: '✅ Согласовано',
      rejected: '❌ Отклонено',
      returned: '↩️ Возвращено на доработку',
      cancelled: '🚫 Отменено',
      expired: '⌛ Срок истёк',
    },
    response: { approve: 'согласовал(а)', reject: 'отклонил(а)', 'send-back': 'вернул(а) на доработку' },
    subjectKind: { deal: 'Сделка', lead: 'Лид', task: 'Задача' },
  },
  initiator: {
    decision: 'Новый ответ по вашему запросу',
    outcome: 'Ваш запрос закрыт',
    overdue: 'Ваш запрос просрочен',
    escalated: 'Ваш запрос эскалирован',
    'approver-left': 'Согласующий уволен: его шаг передан руководителю',
  },
  commands: {
    pending: 'Мои открытые запросы',
    help: 'Справка',
    language: 'Язык',
    unlink: 'Отключиться от Битрикс24',
    cancel: 'Отменить комментарий',
  },
}
