/**
 * @module The seed of the sandbox portal: the shared people and departments, two deal pipelines with
 * stages, about twenty deals, a few leads, four workgroups, and the local application registered for the app server.
 */
import { randomBytes } from 'node:crypto'
import { seedDepartments, seedPeople } from '../seed-people.ts'
import { formatB24Date } from './b24-date.ts'
import type { CrmRecord, PortalState, StatusRecord, WorkgroupMember, WorkgroupRecord } from './state.ts'

/** What the seed needs to know about the app server. */
export interface SeedOptions {
  appUrl: string
  now: number
}

const DEFAULT_SCOPE = [
  ...['crm', 'task', 'im', 'user', 'user.userfield', 'placement', 'bizproc', 'disk', 'department', 'calendar', 'sonet'],
]

/** Deal stages of a pipeline: `[STATUS_ID suffix, name, semantics]`. */
const SALES_STAGES: [string, string, 'P' | 'S' | 'F'][] = [
  ['NEW', 'Новая', 'P'],
  ['PREPARATION', 'Подготовка документов', 'P'],
  ['PREPAYMENT_INVOICE', 'Согласование', 'P'],
  ['EXECUTING', 'В работе', 'P'],
  ['WON', 'Сделка успешна', 'S'],
  ['LOSE', 'Сделка провалена', 'F'],
]
const PURCHASE_STAGES: [string, string, 'P' | 'S' | 'F'][] = [
  ['NEW', 'Заявка', 'P'],
  ['APPROVAL', 'Согласование закупки', 'P'],
  ['ORDERED', 'Заказано', 'P'],
  ['WON', 'Получено', 'S'],
  ['LOSE', 'Отменено', 'F'],
]
const LEAD_STATUSES: [string, string, 'P' | 'S' | 'F'][] = [
  ['NEW', 'Не обработан', 'P'],
  ['IN_PROCESS', 'В работе', 'P'],
  ['PROCESSED', 'Обработан', 'P'],
  ['CONVERTED', 'Качественный лид', 'S'],
  ['JUNK', 'Некачественный лид', 'F'],
]
const SOURCES: [string, string][] = [
  ['CALL', 'Звонок'],
  ['EMAIL', 'Электронная почта'],
  ['WEB', 'Веб-сайт'],
  ['ADVERTISING', 'Реклама'],
  ['PARTNER', 'Существующий клиент'],
  ['RECOMMENDATION', 'По рекомендации'],
  ['WEBFORM', 'CRM-форма'],
  ['OTHER', 'Другое'],
]

/** A random lowercase hex string of `bytes` bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}

function statusRows(state: PortalState, entityId: string, categoryId: number | null, rows: typeof SALES_STAGES) {
  const prefix = categoryId ? `C${categoryId}:` : ''
  rows.forEach(([code, name, semantics], index) => {
    const row: StatusRecord = {
      ID: state.statuses.length + 1,
      ENTITY_ID: entityId,
      STATUS_ID: prefix + code,
      NAME: name,
      SORT: (index + 1) * 10,
      SEMANTICS: semantics,
      CATEGORY_ID: categoryId,
      COLOR: semantics === 'S' ? '#DBF199' : semantics === 'F' ? '#FF5752' : '#39A8EF',
    }
    state.statuses.push(row)
  })
}

function seedStatuses(state: PortalState): void {
  statusRows(state, 'DEAL_STAGE', 0, SALES_STAGES)
  statusRows(state, 'DEAL_STAGE_1', 1, PURCHASE_STAGES)
  statusRows(state, 'STATUS', null, LEAD_STATUSES)
  SOURCES.forEach(([code, name], index) => {
    state.statuses.push({
      ID: state.statuses.length + 1,
      ENTITY_ID: 'SOURCE',
      STATUS_ID: code,
      NAME: name,
      SORT: (index + 1) * 10,
      SEMANTICS: null,
      CATEGORY_ID: null,
      COLOR: '',
    })
  })
}

const DEAL_TITLES = [
  'Поставка оборудования для ООО «Вектор»',
  'Годовой сервисный контракт «Техносфера»',
  'Лицензии ПО для АО «Северсталь-Инжиниринг»',
  'Модернизация склада «ЛогистикПро»',
  'Консалтинг для ИП Гончаров',
  'Поставка мебели в офис «Альфа-Строй»',
  'Разработка сайта для «Зелёный дом»',
  'Аренда спецтехники «СтройМаш»',
  'Обучение персонала «РосТехМонтаж»',
  'Пакет услуг для «Медицина Плюс»',
  'Внедрение CRM в «Торговый дом Восток»',
  'Поставка серверов «ДатаЦентр»',
  'Аудит безопасности «ФинГарант»',
]
const PURCHASE_TITLES = [
  'Закупка ноутбуков для отдела продаж',
  'Закупка канцтоваров на квартал',
  'Закупка лицензий 1С',
  'Закупка кофемашины в переговорную',
  'Закупка серверного шкафа',
  'Закупка мебели для нового офиса',
  'Закупка принтеров',
]

function dealRecord(id: number, title: string, categoryId: number, stageId: string, i: number, now: number): CrmRecord {
  const date = formatB24Date(now - (30 - i) * 86_400_000)
  const managers = categoryId === 0 ? [3, 4, 5, 2] : [12, 11]
  const manager = managers[i % managers.length] ?? 1
  return {
    ID: String(id),
    TITLE: title,
    TYPE_ID: 'SALE',
    CATEGORY_ID: String(categoryId),
    STAGE_ID: stageId,
    STAGE_SEMANTIC_ID: stageId.endsWith('WON') ? 'S' : stageId.endsWith('LOSE') ? 'F' : 'P',
    IS_NEW: stageId.endsWith('NEW') ? 'Y' : 'N',
    PROBABILITY: null,
    CURRENCY_ID: 'RUB',
    OPPORTUNITY: `${(i + 1) * 125_000}.00`,
    IS_MANUAL_OPPORTUNITY: 'Y',
    TAX_VALUE: '0.00',
    LEAD_ID: null,
    COMPANY_ID: '0',
    CONTACT_ID: null,
    QUOTE_ID: null,
    BEGINDATE: date,
    CLOSEDATE: formatB24Date(now + (i + 7) * 86_400_000),
    ASSIGNED_BY_ID: String(manager),
    CREATED_BY_ID: String(manager),
    MODIFY_BY_ID: String(manager),
    MOVED_BY_ID: String(manager),
    DATE_CREATE: date,
    DATE_MODIFY: date,
    MOVED_TIME: date,
    OPENED: 'Y',
    CLOSED: stageId.endsWith('WON') || stageId.endsWith('LOSE') ? 'Y' : 'N',
    COMMENTS: null,
    ADDITIONAL_INFO: null,
    LOCATION_ID: null,
    SOURCE_ID: 'CALL',
    SOURCE_DESCRIPTION: null,
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
    IS_RECURRING: 'N',
    IS_RETURN_CUSTOMER: 'N',
    IS_REPEATED_APPROACH: 'N',
    LAST_ACTIVITY_TIME: date,
    LAST_ACTIVITY_BY: String(manager),
  }
}

function seedDeals(state: PortalState, now: number): void {
  const salesStages = SALES_STAGES.map(([code]) => code)
  DEAL_TITLES.forEach((title, i) => {
    const id = state.deals.length + 1
    state.deals.push(dealRecord(id, title, 0, salesStages[i % 4] ?? 'NEW', i, now))
  })
  const purchaseStages = PURCHASE_STAGES.map(([code]) => `C1:${code}`)
  PURCHASE_TITLES.forEach((title, i) => {
    const id = state.deals.length + 1
    state.deals.push(dealRecord(id, title, 1, purchaseStages[i % 3] ?? 'C1:NEW', i, now))
  })
  state.sequences['deal'] = state.deals.length
}

function seedLeads(state: PortalState, now: number): void {
  const leads: [string, string, string, string][] = [
    ['Заявка с сайта: интеграция с 1С', 'Виктор', 'Зайцев', 'WEB'],
    ['Звонок: нужна консультация', 'Ирина', 'Белова', 'CALL'],
    ['Партнёр рекомендует: «АгроХолдинг»', 'Григорий', 'Орлов', 'PARTNER'],
    ['Выставка: запрос прайса', 'Наталья', 'Киселева', 'TRADE_SHOW'],
  ]
  leads.forEach(([title, name, lastName, source], i) => {
    const date = formatB24Date(now - (10 - i) * 86_400_000)
    state.leads.push({
      ID: String(i + 1),
      TITLE: title,
      NAME: name,
      LAST_NAME: lastName,
      STATUS_ID: i === 0 ? 'NEW' : 'IN_PROCESS',
      SOURCE_ID: source,
      SOURCE_DESCRIPTION: null,
      ASSIGNED_BY_ID: String(3 + (i % 3)),
      CREATED_BY_ID: '1',
      MODIFY_BY_ID: '1',
      CURRENCY_ID: 'RUB',
      OPPORTUNITY: '0.00',
      COMMENTS: null,
      DATE_CREATE: date,
      DATE_MODIFY: date,
      OPENED: 'Y',
      PHONE: [{ ID: String(100 + i), VALUE_TYPE: 'WORK', VALUE: `+7495123450${i}`, TYPE_ID: 'PHONE' }],
    })
  })
  state.sequences['lead'] = state.leads.length
  state.sequences['multifield'] = 200
}

function seedUsers(state: PortalState, now: number): void {
  for (const person of seedPeople) {
    state.users.push({
      ID: person.id,
      ACTIVE: true,
      NAME: person.firstName,
      LAST_NAME: person.lastName,
      SECOND_NAME: person.secondName,
      EMAIL: person.email,
      WORK_POSITION: person.position,
      UF_DEPARTMENT: [...person.departmentIds],
      IS_ADMIN: person.isAdmin,
      PERSONAL_GENDER: '',
      LANGUAGE_ID: person.languageCode,
      DATE_REGISTER: formatB24Date(now - 400 * 86_400_000),
      UF: {},
    })
  }
  state.sequences['user'] = seedPeople.length
  for (const dep of seedDepartments) {
    state.departments.push({ ID: dep.id, NAME: dep.name, PARENT: dep.parentId, UF_HEAD: dep.headId, SORT: dep.id * 10 })
  }
}

/** Workgroups: a project, an open group, a secret one and an archived one (members, a request to join). */
function seedGroups(now: number): WorkgroupRecord[] {
  const date = formatB24Date(now - 200 * 86_400_000)
  const group = (ID: number, NAME: string, flags: Partial<WorkgroupRecord>, members: WorkgroupMember[]) => ({
    ...{ ID, NAME, DESCRIPTION: null, OWNER_ID: members[0]!.USER_ID, ACTIVE: true, VISIBLE: true, OPENED: false },
    ...{ CLOSED: false, PROJECT: false, DATE_CREATE: date, MEMBERS: members },
    ...flags,
  })
  const m = (USER_ID: number, ROLE: WorkgroupMember['ROLE']) => ({ USER_ID, ROLE })
  return [
    group(1, 'Тендерный комитет', { PROJECT: true }, [m(6, 'A'), m(7, 'E'), m(9, 'K'), m(11, 'K'), m(12, 'Z')]),
    group(2, 'Внедрение CRM', { OPENED: true }, [m(2, 'A'), m(3, 'K'), m(4, 'K'), m(5, 'K')]),
    group(3, 'Совет директоров', { VISIBLE: false }, [m(1, 'A'), m(2, 'K'), m(6, 'K')]),
    group(4, 'Архив 2024', { CLOSED: true }, [m(1, 'A'), m(8, 'K')]),
  ]
}

/** Builds a fresh portal state with the seed data and a newly registered local application. */
export function createSeedState(options: SeedOptions): PortalState {
  const state: PortalState = {
    version: 1,
    memberId: randomHex(16),
    app: {
      clientId: `local.${randomHex(7)}.${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`,
      clientSecret: randomBytes(38).toString('base64url').slice(0, 50),
      applicationToken: randomHex(16),
      version: 1,
      scope: [...DEFAULT_SCOPE],
      handlerUrl: `${options.appUrl}/api/b24/app`,
      installUrl: `${options.appUrl}/api/b24/install`,
      installed: false,
      active: true,
      status: 'L',
    },
    appOptions: {},
    userOptions: {},
    firstRunDone: [],
    users: [],
    departments: [],
    userFields: [],
    categories: [
      { id: 0, name: 'Продажи', sort: 100, isDefault: true },
      { id: 1, name: 'Закупки', sort: 200, isDefault: false },
    ],
    statuses: [],
    deals: [],
    leads: [],
    contacts: [],
    tasks: [],
    taskComments: [],
    notifications: [],
    timeline: [],
    eventBindings: [],
    offlineEvents: [],
    placements: [],
    robots: [],
    activities: [],
    robotTriggers: [],
    robotRuns: [],
    accessTokens: {},
    refreshTokens: {},
    authCodes: {},
    webhooks: [],
    outgoingWebhooks: [],
    diskStorageId: 0,
    diskRootFolderId: 0,
    diskFiles: [],
    calendarEvents: [],
    groups: seedGroups(options.now),
    sequences: {},
  }
  seedUsers(state, options.now)
  seedStatuses(state)
  seedDeals(state, options.now)
  seedLeads(state, options.now)
  return state
}
