/**
 * @module A value a switch turns on and off (`null` while off), such as a stage deadline or the reminders, that
 * keeps its numbers: switched off and on again, it comes back as it was.
 */
import { shallowRef, watch, type Ref } from 'vue'

/**
 * `toggle(isOn)` sets `model` to the remembered value, or to `null`; `change(part)` edits the value and
 * remembers it. The remembered value starts as `model`'s, or as `first` while `model` is `null`, and follows
 * every value `model` is given from outside.
 */
export function useSwitchableValue<T extends object>(model: Ref<T | null>, first: T) {
  const last = shallowRef<T>({ ...(model.value ?? first) })
  watch(model, (value) => {
    if (value) last.value = { ...value }
  })

  function toggle(isOn: boolean) {
    model.value = isOn ? { ...last.value } : null
  }
  function change(part: Partial<T>) {
    last.value = { ...last.value, ...part }
    model.value = { ...last.value }
  }
  return { toggle, change }
}
