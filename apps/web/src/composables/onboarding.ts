/**
 * @module The administrator's first-run checklist on the home page: the bot connected, people linked, a template,
 * the robot placed. The first three are read from the app API; nothing yet tells the app whether the robot was
 * placed in a portal's automation rules, so that step is a pointer to the docs and is never ticked.
 */
import { computed, ref, shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import type { TemplateDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'
import type { TelegramBotState, TelegramUserRow } from './telegram.ts'

/** One step: its key (`onboarding.steps.<key>` texts), whether it is done, where to do it. */
export interface OnboardingStep {
  key: 'bot' | 'people' | 'template' | 'robot' | 'rules'
  isDone: boolean | null
  to: string | null
}

/** The checklist's steps from what the API says; `isDone: null` where the app cannot know. */
export function onboardingSteps(
  bot: TelegramBotState | null,
  users: TelegramUserRow[],
  templates: TemplateDto[],
  mode: 'app' | 'webhook' = 'app',
): OnboardingStep[] {
  const linked = users.filter((user) => user.isLinked).length
  return [
    { key: 'bot', isDone: Boolean(bot?.isConfigured && bot.webhook?.url), to: '/telegram' },
    // Linked beyond the administrator, or everyone there is.
    { key: 'people', isDone: linked >= Math.min(2, users.length) && linked > 0, to: '/telegram' },
    { key: 'template', isDone: templates.length > 0, to: '/templates' },
    // Webhook mode has no robot: rules start the approvals.
    mode === 'webhook' ? { key: 'rules', isDone: null, to: '/automation' } : { key: 'robot', isDone: null, to: null },
  ]
}

/** Loads the checklist for an administrator; `addSamples()` adds the sample templates. */
export function useOnboarding() {
  const portal = usePortalStore()
  const bot = ref<TelegramBotState | null>(null)
  const users = shallowRef<TelegramUserRow[]>([])
  const templates = shallowRef<TemplateDto[]>([])
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app

  const load = () =>
    guarded(async () => {
      const [state, people, list] = await Promise.all([
        readJson(api().telegram.bot.$get()),
        readJson(api().telegram.users.$get()),
        readJson(api().templates.$get()),
      ])
      bot.value = state.bot
      users.value = people.users
      templates.value = list.templates
    })
  const addSamples = () =>
    guarded(async () => {
      const added = (await readJson(api().templates.samples.$post())).templates
      templates.value = [...templates.value, ...added]
    })
  const mode = computed(() => portal.me?.connection.mode ?? 'app')
  const steps = computed(() => onboardingSteps(bot.value, users.value, templates.value, mode.value))
  const isComplete = computed(() => steps.value.every((step) => step.isDone !== false))
  return { steps, isComplete, isLoading, error, load, addSamples }
}
