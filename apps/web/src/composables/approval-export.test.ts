import { describe, expect, it } from 'vitest'
import { exportParams, fileNameOf } from './approval-export.ts'

describe('exportParams', () => {
  it.each([
    ['xlsx', { format: 'xlsx' }],
    ['csv-semicolon', { format: 'csv', delimiter: 'semicolon' }],
    ['csv-comma', { format: 'csv', delimiter: 'comma' }],
  ] as const)('%s is asked for as %o', (format, params) => {
    expect(exportParams(format)).toEqual(params)
  })
})

describe('fileNameOf', () => {
  it('takes the server’s file name, or the fallback without one', () => {
    expect(fileNameOf('attachment; filename="approvals.csv"', 'export')).toBe('approvals.csv')
    expect(fileNameOf(null, 'export')).toBe('export')
  })
})
