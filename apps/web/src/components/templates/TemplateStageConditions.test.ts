/**
 * The template form's stage conditions (amount, pipelines, sources) and workgroup roles (issue 21): edited with
 * the portal's names, refused in words when a test is on with nothing chosen, and a saved template shown again
 * as it was saved.
 */
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import {
  emptyApprovalForm,
  stagesOfTemplate,
  toDraftInput,
  validateApprovalForm,
  type ApprovalForm,
} from '../../composables/approval-draft.ts'
import { usePortalStore } from '../../stores/portal.ts'
import { byTestId, selectByTestId } from '../../test-support/controls.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import { appApiFetch, fakePortalFrame } from '../../test-support/portal-frame.ts'
import TemplateForm from './TemplateForm.vue'

const catalog = {
  pipelines: [
    { id: 0, name: 'Продажи', stages: [] },
    { id: 1, name: 'Закупки', stages: [] },
  ],
  leadStatuses: [],
  sources: [
    { id: 'WEB', name: 'Веб-сайт' },
    { id: 'CALL', name: 'Звонок' },
  ],
}
const groups = [
  { id: 2, name: 'Внедрение CRM', isProject: false },
  { id: 1, name: 'Тендерный комитет', isProject: true },
]

async function mountForm(form: ApprovalForm) {
  const pinia = createPinia()
  const api = appApiFetch(({ url }) => {
    if (url.pathname === '/api/app/crm-catalog') return [200, { catalog }]
    if (url.pathname === '/api/app/groups') return [200, { groups }]
    if (url.pathname === '/api/app/departments') return [200, { departments: [] }]
    return [404, { error: { code: 'NOT_FOUND', message: url.pathname } }]
  })
  await usePortalStore(pinia).connect(fakePortalFrame(), { baseUrl: 'http://app.test', fetch: api.fetch })
  const wrapper = mountWithApp(TemplateForm, {
    pinia,
    props: {
      modelValue: form,
      'onUpdate:modelValue': () => {},
      isSendBackAllowed: null,
      users: [],
      isBusy: false,
      issues: [],
      sendBackDefault: true,
    },
  })
  // The lists are loaded once per page load: by the first form mounted here.
  return wrapper
}

type Wrapper = Awaited<ReturnType<typeof mountForm>>
const itemsOf = (wrapper: Wrapper, id: string, name: 'Select' | 'SelectMenu' = 'SelectMenu') =>
  (selectByTestId(wrapper, id, name).props('items') as { label: string }[]).map((i) => i.label)

describe('TemplateForm: stage conditions and workgroup roles', () => {
  it('edits pipelines, sources and a workgroup role with the portal’s names', async () => {
    const form: ApprovalForm = reactive({ ...emptyApprovalForm(), title: 'Закупка' })
    const wrapper = await mountForm(form)
    await byTestId(wrapper, 'condition-pipelines-toggle').trigger('click')
    await byTestId(wrapper, 'condition-sources-toggle').trigger('click')
    await vi.waitFor(() => expect(itemsOf(wrapper, 'condition-pipelines')).toEqual(['Продажи', 'Закупки']))
    expect(itemsOf(wrapper, 'condition-sources')).toEqual(['Веб-сайт', 'Звонок'])
    // Switched on with nothing chosen: refused in words, pointing at the stage.
    const empty = validateApprovalForm(form)
    expect(empty.ok ? [] : empty.issues.map((i) => i.path).sort()).toEqual([
      'stages.0.approverIds',
      'stages.0.condition.pipelineIds',
      'stages.0.condition.sourceIds',
    ])
    await wrapper.setProps({ issues: empty.ok ? [] : empty.issues })
    expect(wrapper.find('[data-testid="form-issues"]').text()).toContain(
      'Stage 1: choose at least one pipeline, or switch the pipeline test off.',
    )
    selectByTestId(wrapper, 'condition-pipelines', 'SelectMenu').vm.$emit('update:modelValue', [1])
    await nextTick()
    selectByTestId(wrapper, 'condition-sources', 'SelectMenu').vm.$emit('update:modelValue', ['WEB'])
    selectByTestId(wrapper, 'role-kind').vm.$emit('update:modelValue', 'group-members')
    await nextTick()
    expect(itemsOf(wrapper, 'role-group', 'Select')).toEqual(['Внедрение CRM', 'Тендерный комитет'])
    selectByTestId(wrapper, 'role-group').vm.$emit('update:modelValue', 1)
    await byTestId(wrapper, 'role-add').trigger('click')
    expect(form.stages[0]).toMatchObject({
      roles: [{ kind: 'group-members', groupId: 1 }],
      condition: { minAmount: null, pipelineIds: [1], sourceIds: ['WEB'] },
    })
    expect(byTestId(wrapper, 'stage-role').text()).toBe('Members of Тендерный комитет')
    expect(validateApprovalForm(form).ok).toBe(true)
    // Switching every test off leaves no condition: the stage always applies.
    await byTestId(wrapper, 'condition-pipelines-toggle').trigger('click')
    await byTestId(wrapper, 'condition-sources-toggle').trigger('click')
    expect(form.stages[0]!.condition).toBeNull()
  })

  it('shows a saved template’s conditions and roles as they were saved', async () => {
    const saved = {
      stages: [
        {
          approverIds: [],
          roles: [{ kind: 'group-members' as const, groupId: 2 }],
          condition: { minAmount: { amount: 5000, currency: 'USD' }, pipelineIds: [0], sourceIds: ['CALL'] },
          rule: { kind: 'any' as const },
          deadline: null,
        },
      ],
    }
    const form: ApprovalForm = reactive({ ...emptyApprovalForm(), stages: stagesOfTemplate(saved) })
    const wrapper = await mountForm(form)
    await vi.waitFor(() => expect(byTestId(wrapper, 'stage-role').text()).toBe('Members of Внедрение CRM'))
    expect(selectByTestId(wrapper, 'condition-pipelines', 'SelectMenu').props('modelValue')).toEqual([0])
    expect(selectByTestId(wrapper, 'condition-sources', 'SelectMenu').props('modelValue')).toEqual(['CALL'])
    expect((byTestId(wrapper, 'condition-amount').element as HTMLInputElement).value).toContain('5')
    expect(toDraftInput(form).stages[0]).toMatchObject({
      condition: saved.stages[0]!.condition,
      roles: saved.stages[0]!.roles,
    })
  })
})
