/**
 * @module The app's own pickers outside the portal frame: `selectUsers` / `selectCrmItem` of a standalone page
 * open a dialog (`LayoutPickers.vue`, backed by `GET /api/app/users`) instead of the portal's, and settle with
 * what the person chose (nothing when they close it).
 */
import { shallowRef } from 'vue'
import type { PickedCrmItem, PickedUser } from './frame.ts'

/** The dialog asked for, with the function that settles it. */
export type PickerRequest =
  | { kind: 'users'; settle: (picked: PickedUser[]) => void }
  | { kind: 'crm'; settle: (picked: PickedCrmItem | null) => void }

/** The open picker, if any (rendered by `LayoutPickers.vue`). */
export const openPicker = shallowRef<PickerRequest | null>(null)

/** Opens the user picker; resolves with the people chosen (none when closed). */
export function pickUsers(): Promise<PickedUser[]> {
  return new Promise((resolve) => {
    openPicker.value = { kind: 'users', settle: (picked) => ((openPicker.value = null), resolve(picked)) }
  })
}

/** Opens the deal/lead picker; resolves with the record chosen, or null. */
export function pickCrmItem(): Promise<PickedCrmItem | null> {
  return new Promise((resolve) => {
    openPicker.value = { kind: 'crm', settle: (picked) => ((openPicker.value = null), resolve(picked)) }
  })
}
