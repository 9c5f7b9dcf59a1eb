/**
 * @module Handlers of the layout commands that open portal UI: selectors, sliders and the messenger
 * (reference §6.4; `selectUser`, `selectAccess`, `selectCRM`, `openApplication`, `openPath`, `closeApplication`,
 * `im*`).
 */
import type { CommandHandler, LayoutContext } from './layout-context.ts'
import { getPortal, showToast } from './portal-ajax.ts'
import { pick, type PickerItem } from './pickers.ts'
import { topSlider } from './slider.ts'

/** A user as the portal's user selector answers it. */
interface SelectedUser {
  id: string
  name: string
  photo: string
  position: string
  url: string
  sub: boolean
  sup: boolean
}

/** A CRM entity as the portal's CRM selector answers it (`{id: "D_12", type: "deal", …}`). */
interface SelectedCrmEntity {
  id: string
  type: string
  place: string
  title: string
  desc: string
  url: string
}

const failed = (command: string) => (error: unknown) =>
  showToast(`${command}: ${error instanceof Error ? error.message : String(error)}`, 'error')

const userItems = (users: SelectedUser[]): PickerItem<SelectedUser>[] =>
  users.map((user) => ({ label: user.name, hint: user.position, value: user }))

const selectUser: CommandHandler = (params, reply) => {
  const multiple = Boolean(params.mult)
  void getPortal<SelectedUser[]>('/ui/picker/users')
    .then((users) => pick(multiple ? 'Выбор сотрудников' : 'Выбор сотрудника', userItems(users), multiple))
    .then((chosen) => {
      if (chosen === null) return
      if (multiple) reply(chosen)
      else if (chosen[0]) reply(chosen[0])
    }, failed('selectUser'))
}

const selectAccess: CommandHandler = (params, reply) => {
  const blocked = new Set(Array.isArray(params.value) ? params.value.map(String) : [])
  void getPortal<SelectedUser[]>('/ui/picker/users')
    .then((users) => users.filter((user) => !blocked.has(`U${user.id}`)))
    .then((users) => pick('Выбор прав доступа', userItems(users), true))
    .then((chosen) => {
      if (chosen !== null) reply(chosen.map((user) => ({ id: `U${user.id}`, name: user.name })))
    }, failed('selectAccess'))
}

/** Groups chosen entities the way the portal answers: `{deal: {0: {...}, 1: {...}}, lead: {...}}`. */
function groupByType(chosen: SelectedCrmEntity[]): Record<string, Record<string, SelectedCrmEntity>> {
  const result: Record<string, Record<string, SelectedCrmEntity>> = {}
  for (const entity of chosen) {
    const bucket = (result[entity.type] ??= {})
    bucket[String(Object.keys(bucket).length)] = entity
  }
  return result
}

const selectCRM: CommandHandler = (params, reply) => {
  const types = Array.isArray(params.entityType) ? params.entityType.map(String) : ['deal', 'lead']
  const items = (entities: SelectedCrmEntity[]): PickerItem<SelectedCrmEntity>[] =>
    entities.map((entity) => ({ label: entity.title, hint: entity.desc, value: entity }))
  void getPortal<SelectedCrmEntity[]>(`/ui/picker/crm?entityType=${encodeURIComponent(types.join(','))}`)
    .then((entities) => pick('Выбор элемента CRM', items(entities), Boolean(params.multiple)))
    .then((chosen) => {
      if (chosen !== null) reply(groupByType(chosen))
    }, failed('selectCRM'))
}

/** Splits `openApplication` params into slider settings (`bx24_*`) and the placement options of the new frame. */
function splitSliderSettings(params: Record<string, unknown>): {
  settings: { width?: number; title?: string; label?: string }
  options: Record<string, unknown>
} {
  const options: Record<string, unknown> = {}
  const settings: { width?: number; title?: string; label?: string } = {}
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith('bx24_')) options[key] = value
    else if (key === 'bx24_width' && typeof value === 'number') settings.width = value
    else if (key === 'bx24_title' && typeof value === 'string') settings.title = value
    else if (key === 'bx24_label' && typeof value === 'object' && value !== null)
      settings.label = String((value as Record<string, unknown>).text ?? '')
  }
  return { settings, options }
}

const openApplication: CommandHandler = (params, reply, context: LayoutContext) => {
  const { settings, options } = splitSliderSettings(params)
  const url = new URL(`/marketplace/app/${encodeURIComponent(context.config.appCode)}/`, location.origin)
  url.searchParams.set('IFRAME', 'Y')
  url.searchParams.set('IFRAME_TYPE', 'SIDE_SLIDER')
  url.searchParams.set('POPUP', '1')
  url.searchParams.set('PLACEMENT_OPTIONS', JSON.stringify(options))
  topSlider().open(url.pathname + url.search, { ...settings, onClose: () => reply() })
}

const availablePath =
  /^\/(crm\/(deal|lead|contact|company|type)|marketplace|company\/personal\/user\/[0-9]+|workgroups\/group\/[0-9]+)\//

const openPath: CommandHandler = (params, reply, context) => {
  const path = typeof params.path === 'string' ? params.path : ''
  if (path === '' || !availablePath.test(path)) {
    reply({ result: 'error', errorCode: 'PATH_NOT_AVAILABLE' })
    return
  }
  const from = `from=rest_placement&from_app=${encodeURIComponent(context.config.appCode)}`
  const url = `${path}${path.includes('?') ? '&' : '?'}${from}`
  topSlider().open(url, { onClose: () => reply({ result: 'close' }) })
}

const closeApplication: CommandHandler = (_params, reply) => {
  const slider = topSlider()
  if (window === window.top) return
  slider.closeContaining(window, () => reply())
}

const messenger =
  (what: string): CommandHandler =>
  (params) =>
    showToast(`${what} (в песочнице не эмулируется): ${JSON.stringify(params)}`)

/** Commands that open portal UI; none of them is placement-specific. */
export const uiCommands: Record<string, CommandHandler> = {
  selectUser,
  selectAccess,
  selectCRM,
  openApplication,
  openPath,
  closeApplication,
  imCallTo: messenger('Звонок'),
  imPhoneTo: messenger('Звонок на номер'),
  imOpenMessenger: messenger('Открыть чат'),
  imOpenHistory: messenger('История чата'),
}
