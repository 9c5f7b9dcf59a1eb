/** @module Russian texts of the Users and Notifications pages (issue 18); `people-en.ts` has the same keys. */
import type { peopleEn } from './people-en.ts'

export const peopleRu: typeof peopleEn = {
  users: {
    intro: 'Все сотрудники портала, их подключение к Telegram и что их ждёт.',
    total: 'Сотрудников: {count}',
    state: 'Telegram',
    department: 'ID отдела',
    anyState: 'Любое состояние',
    states: {
      linked: 'Подключён',
      invited: 'Приглашён',
      'not-linked': 'Не подключён',
      blocked: 'Заблокировал бота',
      deactivated: 'Уволен в Битрикс24',
    },
    columns: { name: 'Сотрудник', state: 'Telegram', language: 'Язык', pending: 'Ждут ответа', median: 'Медиана, ч' },
    languageAuto: 'Из Telegram',
    invite: 'Пригласить',
    revoke: 'Отключить Telegram',
  },
  notifications: {
    intro: 'Как приложение сообщает вам о согласованиях.',
    channels: 'Каналы',
    telegram: 'Telegram',
    bitrix24: 'Уведомления Битрикс24',
    notLinked: 'Telegram ещё не подключён: подключите его на странице «Telegram».',
    timeZone: 'Часовой пояс',
    quiet: 'Тихие часы (без сообщений в Telegram; напоминания ждут их окончания)',
    from: 'С',
    to: 'До',
    digest: 'Ежедневная сводка того, что меня ждёт',
    digestTime: 'В',
    language: 'Язык бота',
    save: 'Сохранить',
    saved: 'Сохранено.',
  },
}
