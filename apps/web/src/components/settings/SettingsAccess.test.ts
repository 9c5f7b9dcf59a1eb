import { describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import type { AccessSettingsDto } from '../../composables/access-settings.ts'
import { byTestId, switchText } from '../../test-support/controls.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import SettingsAccess from './SettingsAccess.vue'

const names: Record<number, string> = { 3: 'Мария Иванова', 9: 'Игорь Петров' }

function mountAccess(access: AccessSettingsDto, extra: Record<string, unknown> = {}, locale: 'en' | 'ru' = 'en') {
  return mountWithApp(SettingsAccess, {
    props: {
      ...{ modelValue: access, 'onUpdate:modelValue': () => {} },
      ...{ nameOf: (id: number) => names[id] ?? `#${id}`, unknownIds: [], isTooMany: false, isBusy: false },
      ...extra,
    },
    locale,
  })
}

describe('SettingsAccess', () => {
  it('switches department heads’ access and lists the auditors by name', async () => {
    const access = reactive({ isDepartmentHeadAccess: false, auditorIds: [9, 3] })
    const wrapper = mountAccess(access)
    expect(switchText(wrapper, 'access-department-heads')).toContain(
      'Department heads see their departments’ approvals',
    )
    await byTestId(wrapper, 'access-department-heads').trigger('click')
    expect(access.isDepartmentHeadAccess).toBe(true)
    await nextTick()
    expect(byTestId(wrapper, 'access-department-heads').attributes('aria-checked')).toBe('true')
    expect(byTestId(wrapper, 'access-auditors').text()).toContain('Игорь Петров')
    expect(byTestId(wrapper, 'access-auditors').text()).toContain('Мария Иванова')
  })

  it('asks for the picker, removal of one auditor and saving', async () => {
    const wrapper = mountAccess(reactive({ isDepartmentHeadAccess: false, auditorIds: [9] }))
    await byTestId(wrapper, 'access-add-auditors').trigger('click')
    await byTestId(wrapper, 'remove-auditor-9').trigger('click')
    expect(byTestId(wrapper, 'remove-auditor-9').attributes('aria-label')).toBe('Remove Игорь Петров')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('add')).toHaveLength(1)
    expect(wrapper.emitted('remove')).toEqual([[9]])
    expect(wrapper.emitted('save')).toHaveLength(1)
  })

  it('says when there are no auditors', () => {
    const wrapper = mountAccess(reactive({ isDepartmentHeadAccess: false, auditorIds: [] }), {}, 'ru')
    expect(byTestId(wrapper, 'access-no-auditors').text()).toBe('Аудиторов нет.')
    expect(byTestId(wrapper, 'access-save').text()).toBe('Сохранить права доступа')
  })

  it('marks auditors the portal does not know and blocks saving too many', () => {
    const access = reactive({ isDepartmentHeadAccess: false, auditorIds: [3, 77] })
    const wrapper = mountAccess(access, { unknownIds: [77], isTooMany: true }, 'ru')
    expect(byTestId(wrapper, 'auditor-77').classes()).toContain('border-red-500')
    expect(byTestId(wrapper, 'auditor-3').classes()).not.toContain('border-red-500')
    expect(byTestId(wrapper, 'access-unknown').text()).toContain('Не активные сотрудники портала: #77.')
    expect(byTestId(wrapper, 'access-too-many').text()).toContain('не больше 100; выбрано 2')
    expect(byTestId(wrapper, 'access-save').attributes('disabled')).toBeDefined()
  })
})
