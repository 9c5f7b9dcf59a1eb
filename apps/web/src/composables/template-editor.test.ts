import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { TemplateDto } from '../api/types.ts'
import type { FormDefaults } from './approval-draft.ts'
import { useTemplateEditor } from './template-editor.ts'

const template: TemplateDto = {
  id: 'T1',
  name: 'No revisions',
  description: '',
  commentPolicy: 'optional',
  isSendBackAllowed: false,
  stages: [{ roles: [], condition: null, approverIds: [6], rule: { kind: 'all' }, deadline: null }],
  reminders: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
}

beforeEach(() => setActivePinia(createPinia()))

describe('useTemplateEditor: send back for revision', () => {
  it('sends no value for a new template until the switch is changed, so the portal default applies', () => {
    const editor = useTemplateEditor()
    editor.open()
    editor.form.value!.title = 'Purchases'
    editor.form.value!.stages = [
      { roles: [], condition: null, approverIds: [6], rule: { kind: 'all' }, deadline: null },
    ]
    expect(editor.isSendBackAllowed.value).toBeNull()
    expect(editor.toInput()).not.toHaveProperty('isSendBackAllowed')
    editor.isSendBackAllowed.value = false
    expect(editor.toInput()).toMatchObject({ name: 'Purchases', isSendBackAllowed: false })
  })

  it('keeps the value of the template being edited', () => {
    const editor = useTemplateEditor()
    editor.open(template)
    expect(editor.isSendBackAllowed.value).toBe(false)
    expect(editor.toInput()).toMatchObject({ name: 'No revisions', isSendBackAllowed: false })
    const { isSendBackAllowed: _dropped, ...older } = template
    editor.open(older)
    expect(editor.isSendBackAllowed.value).toBeNull()
  })
})

describe('useTemplateEditor: rules, stage deadlines and reminders', () => {
  const defaults: FormDefaults = {
    rule: { kind: 'quorum', count: 2 },
    stageDeadline: { workingHours: 24, action: 'escalate' },
    reminders: { everyWorkingHours: 8, maxCount: 2 },
    commentPolicy: 'always',
    isSendBackAllowed: true,
  }

  it("starts a new template from the portal's defaults", () => {
    const editor = useTemplateEditor(() => defaults)
    editor.open()
    expect(editor.form.value).toMatchObject({
      stages: [
        {
          roles: [],
          condition: null,
          approverIds: [],
          rule: { kind: 'quorum', count: 2 },
          deadline: { workingHours: 24, action: 'escalate' },
        },
      ],
      reminders: { everyWorkingHours: 8, maxCount: 2 },
      commentPolicy: 'always',
    })
  })

  it('saves a percent rule, a stage deadline and reminders, and opens them again', () => {
    const editor = useTemplateEditor()
    editor.open()
    editor.form.value!.title = 'Purchases'
    editor.form.value!.stages = [
      {
        roles: [],
        condition: null,
        approverIds: [6, 7],
        rule: { kind: 'percent', percent: 50 },
        deadline: { workingHours: 8, action: 'reject' },
      },
    ]
    editor.form.value!.reminders = { everyWorkingHours: 4, maxCount: 3 }
    const input = editor.toInput()
    expect(input).toMatchObject({
      stages: [
        {
          roles: [],
          condition: null,
          approverIds: [6, 7],
          rule: { kind: 'percent', percent: 50 },
          deadline: { workingHours: 8, action: 'reject' },
        },
      ],
      reminders: { everyWorkingHours: 4, maxCount: 3 },
    })
    editor.open({ ...template, ...input!, id: 'T2' })
    expect(editor.form.value!.stages).toEqual(input!.stages)
    expect(editor.form.value!.reminders).toEqual({ everyWorkingHours: 4, maxCount: 3 })
  })

  it('refuses a percent above 100 and says which stage', () => {
    const editor = useTemplateEditor()
    editor.open(template)
    editor.form.value!.stages[0]!.rule = { kind: 'percent', percent: 150 }
    expect(editor.toInput()).toBeNull()
    expect(editor.issues.value.map((issue) => issue.path)).toEqual(['stages.0.rule.percent'])
  })
})
