/**
 * @module The people of the sandbox: one list shared by the Bitrix24 sandbox (portal users and departments) and
 * the Telegram sandbox (simulated Telegram users with the same names), so the whole flow can be clicked through.
 */

/** A department of the sandbox portal; `headId` is the user who heads it (for "escalate to the manager"). */
export interface SeedDepartment {
  id: number
  name: string
  parentId: number | null
  headId: number
}

/** A person of the sandbox: a Bitrix24 user and their Telegram twin. */
export interface SeedPerson {
  /** Bitrix24 user id. */
  id: number
  firstName: string
  lastName: string
  secondName: string
  email: string
  position: string
  departmentIds: number[]
  isAdmin: boolean
  /** Telegram user id of the simulated twin. */
  telegramId: number
  telegramUsername: string
  languageCode: 'ru' | 'en'
}

/** Departments: the company root and four departments, each with a head. */
export const seedDepartments: readonly SeedDepartment[] = [
  { id: 1, name: 'ООО «Ромашка»', parentId: null, headId: 1 },
  { id: 2, name: 'Отдел продаж', parentId: 1, headId: 2 },
  { id: 3, name: 'Финансовый отдел', parentId: 1, headId: 6 },
  { id: 4, name: 'Юридический отдел', parentId: 1, headId: 9 },
  { id: 5, name: 'Отдел закупок', parentId: 1, headId: 11 },
]

const person = (
  id: number,
  firstName: string,
  lastName: string,
  secondName: string,
  email: string,
  position: string,
  departmentIds: number[],
  languageCode: 'ru' | 'en' = 'ru',
): SeedPerson => ({
  id,
  firstName,
  lastName,
  secondName,
  email,
  position,
  departmentIds,
  isAdmin: id === 1,
  telegramId: 700_000_000 + id,
  telegramUsername: email.split('@')[0]!.replace(/\./g, '_'),
  languageCode,
})

/** Twelve people; user 1 is the portal administrator. */
export const seedPeople: readonly SeedPerson[] = [
  person(1, 'Анна', 'Смирнова', 'Сергеевна', 'anna.smirnova@romashka.example', 'Генеральный директор', [1]),
  person(2, 'Иван', 'Петров', 'Андреевич', 'ivan.petrov@romashka.example', 'Руководитель отдела продаж', [2]),
  person(3, 'Мария', 'Кузнецова', 'Олеговна', 'maria.kuznetsova@romashka.example', 'Менеджер по продажам', [2]),
  person(4, 'Алексей', 'Соколов', 'Игоревич', 'alexey.sokolov@romashka.example', 'Менеджер по продажам', [2]),
  person(5, 'Ольга', 'Попова', 'Викторовна', 'olga.popova@romashka.example', 'Менеджер по продажам', [2], 'en'),
  person(6, 'Дмитрий', 'Лебедев', 'Николаевич', 'dmitry.lebedev@romashka.example', 'Финансовый директор', [3]),
  person(7, 'Елена', 'Новикова', 'Павловна', 'elena.novikova@romashka.example', 'Главный бухгалтер', [3]),
  person(8, 'Сергей', 'Морозов', 'Александрович', 'sergey.morozov@romashka.example', 'Экономист', [3]),
  person(
    9,
    'Татьяна',
    'Волкова',
    'Дмитриевна',
    'tatiana.volkova@romashka.example',
    'Руководитель юридического отдела',
    [4],
  ),
  person(10, 'Николай', 'Фёдоров', 'Петрович', 'nikolay.fedorov@romashka.example', 'Юрист', [4]),
  person(
    11,
    'Светлана',
    'Михайлова',
    'Юрьевна',
    'svetlana.mikhailova@romashka.example',
    'Руководитель отдела закупок',
    [5],
  ),
  person(12, 'Павел', 'Егоров', 'Константинович', 'pavel.egorov@romashka.example', 'Специалист по закупкам', [5], 'en'),
]
