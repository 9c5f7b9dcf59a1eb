import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { en } from '../../i18n/en.ts'
import { ru } from '../../i18n/ru.ts'
import ApprovalOrigin from './ApprovalOrigin.vue'

function render(origin: { kind: 'robot' | 'business-process'; stageName: string | null }, locale: 'ru' | 'en') {
  const i18n = createI18n({ legacy: false, locale, messages: { ru, en } })
  return mount(ApprovalOrigin, { props: { origin }, global: { plugins: [i18n] } }).text()
}

describe('ApprovalOrigin', () => {
  it('names the stage the robot ran on, in Russian and English', () => {
    expect(render({ kind: 'robot', stageName: 'Согласование' }, 'ru')).toBe('Запущено роботом на стадии «Согласование»')
    expect(render({ kind: 'robot', stageName: 'Approval' }, 'en')).toBe('Started by the robot on the stage “Approval”')
  })

  it('says a robot without a stage name, and a business process', () => {
    expect(render({ kind: 'robot', stageName: null }, 'en')).toBe('Started by a Bitrix24 robot')
    expect(render({ kind: 'business-process', stageName: 'X' }, 'ru')).toBe('Запущено бизнес-процессом Битрикс24')
  })
})
