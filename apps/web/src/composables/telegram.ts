/**
 * @module The Telegram page's workflows: my link (status and a fresh deep link) and, for admins, everyone's
 * link status, invitations and the bot's webhook state.
 */
import { ref, shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import type { TelegramInvitation, TelegramLinkDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** My Telegram link: `load()` its status, `connect()` asks for a deep link. */
export function useTelegramLink() {
  const portal = usePortalStore()
  const link = ref<TelegramLinkDto | null>(null)
  const invitation = ref<TelegramInvitation | null>(null)
  const { isLoading, error, guarded: run } = useRequestState()
  const api = () => portal.client().api.app.telegram.link

  const load = () => run(async () => void (link.value = (await readJson(api().$get())).link))
  const connect = () => run(async () => void (invitation.value = await readJson(api().$post())))
  return { link, invitation, isLoading, error, load, connect }
}

type TelegramApi = ReturnType<ReturnType<typeof usePortalStore>['client']>['api']['app']['telegram']
/** One row of the admin's people table. */
export type TelegramUserRow = Awaited<
  ReturnType<Awaited<ReturnType<TelegramApi['users']['$get']>>['json']>
>['users'][number]
/** The bot's state for admins. */
export type TelegramBotState = Awaited<ReturnType<Awaited<ReturnType<TelegramApi['bot']['$get']>>['json']>>['bot']

/** The admin part: everyone's link status, invitations to the unlinked, the bot. */
export function useTelegramAdmin() {
  const portal = usePortalStore()
  const users = shallowRef<TelegramUserRow[]>([])
  const bot = ref<TelegramBotState | null>(null)
  const invitedCount = ref<number | null>(null)
  const { isLoading, error, guarded: run } = useRequestState()
  const api = () => portal.client().api.app.telegram

  const load = () =>
    run(async () => {
      const [people, state] = await Promise.all([readJson(api().users.$get()), readJson(api().bot.$get())])
      users.value = people.users
      bot.value = state.bot
    })
  const inviteAll = () =>
    run(async () => {
      invitedCount.value = (await readJson(api().invitations.$post({ json: {} }))).invited.length
      users.value = (await readJson(api().users.$get())).users
    })
  const setup = () =>
    run(async () => {
      const { webhook } = await readJson(api().setup.$post())
      if (bot.value) bot.value = { ...bot.value, webhook }
    })
  return { users, bot, invitedCount, isLoading, error, load, inviteAll, setup }
}

/** The admin's choice of the profile field that holds Telegram ids (issue #19): `load()`, `create()`. */
export function useProfileField() {
  const portal = usePortalStore()
  const fieldName = ref<string | null>(null)
  const { isLoading, error, guarded: run } = useRequestState()
  const api = () => portal.client().api.app.profiles['telegram-field']

  const load = () => run(async () => void (fieldName.value = (await readJson(api().$get())).fieldName))
  const create = () => run(async () => void (fieldName.value = (await readJson(api().$post())).fieldName))
  return { fieldName, isLoading, error, load, create }
}
