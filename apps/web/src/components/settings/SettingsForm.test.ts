import { describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import type { SettingsDto } from '../../api/types.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import SettingsForm from './SettingsForm.vue'

function settingsOf(isSendBackAllowed: boolean): SettingsDto {
  return {
    defaults: {
      rule: { kind: 'all' },
      stageDeadline: null,
      reminders: null,
      commentPolicy: 'optional',
      isSendBackAllowed,
    },
    calendar: { timeZone: 'Europe/Moscow', workingDays: [1, 2, 3, 4, 5], startHour: 9, endHour: 18, holidays: [] },
    writeBack: { tasks: true, taskComments: true, timeline: true, notifications: true },
    language: 'ru',
  }
}

function mountForm(settings: SettingsDto, canEdit = true, locale: 'en' | 'ru' = 'en') {
  return mountWithApp(SettingsForm, {
    props: { modelValue: settings, 'onUpdate:modelValue': () => {}, canEdit, isBusy: false },
    locale,
  })
}

const sendBackSwitch = (wrapper: ReturnType<typeof mountForm>) => wrapper.find('[data-testid="settings-send-back"]')
/** The switch's label and description, which b24ui renders beside the switch button. */
const sendBackText = (wrapper: ReturnType<typeof mountForm>) =>
  sendBackSwitch(wrapper).element.closest('[data-slot="root"]')!.textContent

describe('SettingsForm: send back for revision', () => {
  it('shows the portal default and turns it off', async () => {
    const settings = reactive(settingsOf(true))
    const wrapper = mountForm(settings)
    expect(sendBackText(wrapper)).toContain('Approvers may send back for revision')
    expect(sendBackSwitch(wrapper).attributes('aria-checked')).toBe('true')
    await sendBackSwitch(wrapper).trigger('click')
    expect(settings.defaults.isSendBackAllowed).toBe(false)
    await nextTick()
    expect(sendBackSwitch(wrapper).attributes('aria-checked')).toBe('false')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('save')).toHaveLength(1)
  })

  it('labels the switch in Russian and lets no one but an admin change it', async () => {
    const settings = reactive(settingsOf(false))
    const wrapper = mountForm(settings, false, 'ru')
    expect(sendBackText(wrapper)).toContain('Согласующие могут вернуть на доработку')
    expect(sendBackSwitch(wrapper).attributes('aria-checked')).toBe('false')
    await sendBackSwitch(wrapper).trigger('click')
    expect(settings.defaults.isSendBackAllowed).toBe(false)
  })
})
