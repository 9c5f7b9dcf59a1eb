/** @module Test support: finding and driving the b24ui controls of a mounted component by their test ids. */
import type { VueWrapper } from '@vue/test-utils'

/** The element with `data-testid="<id>"`. */
export const byTestId = (wrapper: VueWrapper, id: string) => wrapper.find(`[data-testid="${id}"]`)

/** The first button whose text is `text`. */
export const buttonByText = (wrapper: VueWrapper, text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!

/**
 * A b24ui `Select` or `SelectMenu` by its test id; tests pick an item the way the listbox does, by emitting its
 * `update:modelValue`.
 */
export const selectByTestId = (wrapper: VueWrapper, id: string, name: 'Select' | 'SelectMenu' = 'Select') =>
  wrapper.findAllComponents({ name }).find((s) => s.find(`[data-testid="${id}"]`).exists())!

/** Types `value` into the number input `id` and leaves it, which is when a b24ui `InputNumber` takes it. */
export async function typeNumber(wrapper: VueWrapper, id: string, value: string) {
  const input = wrapper.find(`input[data-testid="${id}"]`)
  await input.setValue(value)
  await input.trigger('blur')
}

/** The label and description b24ui renders beside the switch `id`. */
export const switchText = (wrapper: VueWrapper, id: string) =>
  byTestId(wrapper, id).element.closest('[data-slot="root"]')!.textContent
