import { describe, expect, it } from 'vitest'
import { departmentOptions, indentedLabel } from './departments.ts'

const em = '\u2003'

describe('departmentOptions', () => {
  it('lists departments in tree order, siblings by name, indented by depth', () => {
    const options = departmentOptions([
      { id: 5, parentId: 1, name: 'Продажи' },
      { id: 1, parentId: null, name: 'Компания' },
      { id: 7, parentId: 5, name: 'Восток' },
      { id: 6, parentId: 1, name: 'Бухгалтерия' },
      { id: 8, parentId: 5, name: 'Запад' },
    ])
    expect(options.map((o) => [o.value, indentedLabel(o), o.depth])).toEqual([
      [1, 'Компания', 0],
      [6, `${em}Бухгалтерия`, 1],
      [5, `${em}Продажи`, 1],
      [7, `${em}${em}Восток`, 2],
      [8, `${em}${em}Запад`, 2],
    ])
  })

  it('starts a tree at a department whose parent is unknown or itself, and cuts a cycle', () => {
    const options = departmentOptions([
      { id: 2, parentId: 99, name: 'Orphan' },
      { id: 3, parentId: 3, name: 'Self' },
      { id: 4, parentId: 5, name: 'Loop A' },
      { id: 5, parentId: 4, name: 'Loop B' },
    ])
    expect(options.map((o) => o.value).sort()).toEqual([2, 3, 4, 5])
    expect(options.slice(0, 2).map((o) => [indentedLabel(o), o.depth])).toEqual([
      ['Orphan', 0],
      ['Self', 0],
    ])
    expect(options.slice(2).map((o) => [indentedLabel(o), o.depth])).toEqual([
      ['Loop A', 0],
      [`${em}Loop B`, 1],
    ])
  })

  it('gives nothing for no departments', () => {
    expect(departmentOptions([])).toEqual([])
  })
})
