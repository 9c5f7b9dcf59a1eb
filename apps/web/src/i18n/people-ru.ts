/** @module Russian texts of the Users and Notifications pages (issue 18); `people-en.ts` has the same keys. */
import type { peopleEn } from './people-en.ts'

export const peopleRu: typeof peopleEn = {
  users: {
    intro: 'Все сотрудники портала, их подключение к Telegram и что их ждёт.',
    total: 'Сотрудников: {count}',
    state: 'Telegram',
    department: 'Отдел',
    anyDepartment: 'Любой отдел',
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
  access: {
    title: 'Права доступа',
    intro:
      'Администраторы видят все согласования и статистику всего портала. Остальные — согласования, которые начали или в которых согласуют, и статистику начатых ими.',
    departmentHeads: 'Руководители отделов видят согласования своих отделов',
    departmentHeadsHint:
      'Согласования, начатые сотрудниками отделов, которыми они руководят (с подотделами), или с их участием, и статистика согласований, начатых этими сотрудниками.',
    auditors: 'Аудиторы',
    auditorsHint:
      'Видят и выгружают все согласования и статистику всего портала. Согласовывают, отменяют и напоминают только там, где участвуют сами.',
    noAuditors: 'Аудиторов нет.',
    addAuditors: 'Добавить аудиторов',
    remove: 'Убрать',
    removeName: 'Убрать: {name}',
    save: 'Сохранить права доступа',
    saved: 'Права доступа сохранены.',
    tooMany: 'Аудиторов может быть не больше {max}; выбрано {count}. Уберите лишних.',
    unknownUsers: 'Не активные сотрудники портала: {names}. Уберите их и сохраните снова.',
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
