import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { TemplateDto } from '../api/types.ts'
import { useTemplateEditor } from './template-editor.ts'

const template: TemplateDto = {
  id: 'T1',
  name: 'No revisions',
  description: '',
  commentPolicy: 'optional',
  isSendBackAllowed: false,
  stages: [{ approverIds: [6], rule: { kind: 'all' }, deadline: null }],
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
    editor.form.value!.stages = [{ approverIds: [6], rule: 'all', quorum: 1 }]
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
