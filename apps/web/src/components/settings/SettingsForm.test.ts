import { describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import type { SettingsDto } from '../../api/types.ts'
import { byTestId, selectByTestId, switchText, typeNumber } from '../../test-support/controls.ts'
import { settingsDto } from '../../test-support/fixtures.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import SettingsForm from './SettingsForm.vue'

function settingsOf(isSendBackAllowed: boolean): SettingsDto {
  return settingsDto({
    rule: { kind: 'all' },
    stageDeadline: null,
    reminders: null,
    commentPolicy: 'optional',
    isSendBackAllowed,
  })
}

function mountForm(settings: SettingsDto, canEdit = true, locale: 'en' | 'ru' = 'en') {
  return mountWithApp(SettingsForm, {
    props: { modelValue: settings, 'onUpdate:modelValue': () => {}, canEdit, isBusy: false },
    locale,
  })
}

type Wrapper = ReturnType<typeof mountForm>
const sendBackSwitch = (wrapper: Wrapper) => byTestId(wrapper, 'settings-send-back')

describe('SettingsForm: send back for revision', () => {
  it('shows the portal default and turns it off', async () => {
    const settings = reactive(settingsOf(true))
    const wrapper = mountForm(settings)
    expect(switchText(wrapper, 'settings-send-back')).toContain('Approvers may send back for revision')
    expect(sendBackSwitch(wrapper).attributes('aria-checked')).toBe('true')
    await sendBackSwitch(wrapper).trigger('click')
    expect(settings.defaults.isSendBackAllowed).toBe(false)
    await nextTick()
    expect(sendBackSwitch(wrapper).attributes('aria-checked')).toBe('false')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('save')).toHaveLength(1)
  })

  it('labels the switch in Russian, with a hint that reads right whether it is on or off', async () => {
    const settings = reactive(settingsOf(true))
    const wrapper = mountForm(settings, false, 'ru')
    const text = switchText(wrapper, 'settings-send-back')
    expect(text).toContain('Согласующие могут вернуть на доработку')
    expect(text).toContain('Если выключить, согласующие смогут только согласовать или отклонить.')
    expect(text).not.toContain('Выключено')
  })

  it('lets no one but an admin change it', async () => {
    const settings = reactive(settingsOf(false))
    const wrapper = mountForm(settings, false)
    expect(sendBackSwitch(wrapper).attributes('aria-checked')).toBe('false')
    await sendBackSwitch(wrapper).trigger('click')
    expect(settings.defaults.isSendBackAllowed).toBe(false)
    expect(byTestId(wrapper, 'reminders').attributes('disabled')).toBeDefined()
    expect(wrapper.find('button[type="submit"]').exists()).toBe(false)
  })
})

describe('SettingsForm: defaults for new approvals', () => {
  it('edits the default rule, with the percent', async () => {
    const settings = reactive(settingsOf(true))
    const wrapper = mountForm(settings)
    selectByTestId(wrapper, 'rule-kind').vm.$emit('update:modelValue', 'percent')
    await nextTick()
    await typeNumber(wrapper, 'rule-percent', '66')
    expect(settings.defaults.rule).toEqual({ kind: 'percent', percent: 66 })
    selectByTestId(wrapper, 'rule-kind').vm.$emit('update:modelValue', 'quorum')
    await nextTick()
    await typeNumber(wrapper, 'rule-count', '3')
    expect(settings.defaults.rule).toEqual({ kind: 'quorum', count: 3 })
  })

  it('edits the default stage deadline and its timeout action, and turns it off', async () => {
    const settings = reactive(settingsOf(true))
    const wrapper = mountForm(settings)
    await byTestId(wrapper, 'stage-deadline').trigger('click')
    expect(settings.defaults.stageDeadline).toEqual({ workingHours: 8, action: 'mark-overdue' })
    await typeNumber(wrapper, 'stage-deadline-hours', '16')
    selectByTestId(wrapper, 'stage-deadline-action').vm.$emit('update:modelValue', 'reject')
    expect(settings.defaults.stageDeadline).toEqual({ workingHours: 16, action: 'reject' })
    await byTestId(wrapper, 'stage-deadline').trigger('click')
    expect(settings.defaults.stageDeadline).toBeNull()
  })

  it('edits the default reminders', async () => {
    const settings = reactive({ ...settingsOf(true) })
    settings.defaults.reminders = { everyWorkingHours: 8, maxCount: 2 }
    const wrapper = mountForm(settings)
    expect(byTestId(wrapper, 'reminders').attributes('aria-checked')).toBe('true')
    await typeNumber(wrapper, 'reminders-every', '2')
    await typeNumber(wrapper, 'reminders-max', '4')
    expect(settings.defaults.reminders).toEqual({ everyWorkingHours: 2, maxCount: 4 })
    await byTestId(wrapper, 'reminders').trigger('click')
    expect(settings.defaults.reminders).toBeNull()
  })
})

describe('SettingsForm: working calendar', () => {
  it('picks the time zone from the IANA zones, keeping one the browser does not list', async () => {
    const settings = reactive(settingsOf(true))
    settings.calendar.timeZone = 'UTC'
    const wrapper = mountForm(settings)
    const zones = selectByTestId(wrapper, 'settings-time-zone', 'SelectMenu')
    const items = zones.props('items') as string[]
    expect(items).toContain('Asia/Vladivostok')
    expect(items).toContain('UTC')
    zones.vm.$emit('update:modelValue', 'Asia/Yekaterinburg')
    expect(settings.calendar.timeZone).toBe('Asia/Yekaterinburg')
  })

  it('adds holidays in order and removes them', async () => {
    const settings = reactive(settingsOf(true))
    settings.calendar.holidays = ['2027-01-07']
    const wrapper = mountForm(settings)
    await wrapper.find('input[data-testid="settings-holiday-date"]').setValue('2027-01-01')
    await byTestId(wrapper, 'settings-holiday-add').trigger('click')
    expect(settings.calendar.holidays).toEqual(['2027-01-01', '2027-01-07'])
    await nextTick()
    const remove = wrapper.find('[data-testid="settings-holidays"] button[aria-label="Remove Jan 7, 2027"]')
    await remove.trigger('click')
    expect(settings.calendar.holidays).toEqual(['2027-01-01'])
  })
})

describe('SettingsForm: write-back language', () => {
  it('explains what the language is for and switches it', async () => {
    const settings = reactive(settingsOf(true))
    const wrapper = mountForm(settings)
    const language = selectByTestId(wrapper, 'settings-language')
    expect(language.props('items')).toEqual([
      { value: 'ru', label: 'Русский' },
      { value: 'en', label: 'English' },
    ])
    expect(wrapper.text()).toContain('tasks, comments, timeline, notifications')
    language.vm.$emit('update:modelValue', 'en')
    expect(settings.language).toBe('en')
  })

  it('says it in Russian', () => {
    const wrapper = mountForm(reactive(settingsOf(true)), true, 'ru')
    expect(wrapper.text()).toContain('Язык записей')
    expect(wrapper.text()).toContain('На этом языке приложение пишет в Битрикс24')
  })
})
