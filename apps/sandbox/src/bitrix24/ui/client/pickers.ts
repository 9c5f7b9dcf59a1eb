/**
 * @module The portal's selector dialogs behind `selectUser`, `selectAccess` and `selectCRM`: a modal list the
 * user picks from. Cancelling sends no answer, as in the portal (the callback simply never fires).
 */

/** One row of a picker: what is shown and the value handed back to the frame. */
export interface PickerItem<T> {
  label: string
  hint: string
  value: T
}

function pickerRow<T>(item: PickerItem<T>, multiple: boolean, index: number): HTMLElement {
  const row = document.createElement('label')
  row.className = 'portal-picker__row'
  const input = document.createElement('input')
  input.type = multiple ? 'checkbox' : 'radio'
  input.name = 'portal-picker'
  input.value = String(index)
  const text = document.createElement('span')
  text.textContent = item.label
  const hint = document.createElement('small')
  hint.textContent = item.hint
  row.append(input, text, hint)
  return row
}

function pickerButtons(onOk: () => void, onCancel: () => void): HTMLElement {
  const buttons = document.createElement('div')
  buttons.className = 'portal-picker__buttons'
  const ok = document.createElement('button')
  ok.type = 'button'
  ok.className = 'btn btn--primary'
  ok.textContent = 'Выбрать'
  ok.addEventListener('click', onOk)
  const cancel = document.createElement('button')
  cancel.type = 'button'
  cancel.className = 'btn'
  cancel.textContent = 'Отмена'
  cancel.addEventListener('click', onCancel)
  buttons.append(ok, cancel)
  return buttons
}

/**
 * Shows a modal list and resolves with the chosen values, or `null` when the user cancels.
 */
export function pick<T>(title: string, items: PickerItem<T>[], multiple: boolean): Promise<T[] | null> {
  return new Promise((resolve) => {
    const overlay = document.createElement('div')
    overlay.className = 'portal-picker'
    const dialog = document.createElement('div')
    dialog.className = 'portal-picker__dialog'
    dialog.setAttribute('role', 'dialog')
    const heading = document.createElement('h3')
    heading.textContent = title
    const list = document.createElement('div')
    list.className = 'portal-picker__list'
    list.append(...items.map((item, index) => pickerRow(item, multiple, index)))
    const finish = (result: T[] | null): void => {
      overlay.remove()
      resolve(result)
    }
    const chosen = (): T[] =>
      [...list.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => items[Number(input.value)]!.value)
    dialog.append(
      heading,
      list,
      pickerButtons(
        () => finish(chosen()),
        () => finish(null),
      ),
    )
    overlay.append(dialog)
    document.body.append(overlay)
  })
}
