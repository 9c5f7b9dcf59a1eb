/** @module Русские строки согласующих по роли, условий этапов, отсутствий и заместителей (задача 21). */
import type { routingEn } from './routing-en.ts'

export const routingRu: typeof routingEn = {
  roles: {
    title: 'Согласующие по роли',
    hint: 'Определяются при старте этапа; в истории видно, кто это был.',
    add: 'Добавить роль',
    department: 'Отдел',
    group: 'Рабочая группа или проект',
    kind: {
      'initiator-head': 'Руководитель инициатора',
      responsible: 'Ответственный за объект',
      'department-head': 'Руководитель отдела',
      'department-members': 'Сотрудники отдела',
      'group-members': 'Участники рабочей группы',
    },
    label: {
      'initiator-head': 'Руководитель инициатора',
      responsible: 'Ответственный',
      'department-head': 'Руководитель: {department}',
      'department-members': 'Сотрудники: {department}',
      'group-members': 'Участники группы: {group}',
    },
  },
  condition: {
    onlyFrom: 'Только если сумма не меньше',
    afterEscalation: 'На вершине структуры',
    hint: 'Иначе этап пропускается, и в истории написано почему.',
    onlyPipelines: 'Только для сделок в этих воронках',
    pipelines: 'Воронки',
    onlySources: 'Только для сделок и лидов из этих источников',
    sources: 'Источники',
  },
  resolution: {
    skipped: {
      'amount-below': 'Пропущен: сумма {amount} меньше {min}.',
      'pipeline-other': 'Пропущен: сделка в другой воронке.',
      'source-other': 'Пропущен: источник не подходит.',
      'no-approvers': 'Пропущен: роли никто не занимает.',
    },
    role: '{role}: {people}',
    nobody: 'никто',
    onBehalf: 'за {name}',
    delegated: '{deputy} решает за {absent} (отсутствует)',
    left: '{name} уволен(а): место передано — {head}',
    leftNobody: '{name} уволен(а): место передать некому',
  },
  absence: {
    title: 'Моё отсутствие',
    hint: 'Пока вас нет, новые шаги согласования уходят заместителю; что решено за вас, вы увидите.',
    from: 'С',
    to: 'По',
    deputy: 'Заместитель',
    add: 'Указать отсутствие',
    remove: 'Удалить',
    empty: 'Отсутствий не запланировано.',
    item: '{from} – {to}, заместитель: {deputy}',
    portalSetting: 'Учитывать отсутствия из календарей Битрикс24',
    portalSettingHint:
      'Если календарь Битрикс24 показывает сотрудника отсутствующим, новые шаги уходят его руководителю. Нужен доступ приложения к календарю.',
  },
}
