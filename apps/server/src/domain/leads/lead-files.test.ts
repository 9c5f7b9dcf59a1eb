import { describe, expect, it } from 'vitest'
import { cleanFileName, isAcceptedLeadFile } from './lead-files.ts'

describe('isAcceptedLeadFile', () => {
  it.each([
    ['a.pdf', 'pdf', true],
    ['a.PDF', 'pdf', true],
    ['a.jpeg', 'jpg', true],
    ['a.doc', 'cfb', true],
    ['a.xls', 'cfb', true],
    ['notes.txt', 'text', true],
    ['a.pdf', 'png', false],
    ['a.png', 'exe', false],
    ['a.exe', 'exe', false],
    ['a.txt', null, false],
    ['pdf', 'pdf', false],
    ['a.docx', 'zip', false],
  ])('%s detected as %s → %s', (name, kind, expected) => {
    expect(isAcceptedLeadFile(name, kind)).toBe(expected)
  })
})

describe('cleanFileName', () => {
  it('keeps the base name only, without control characters, within 120 characters', () => {
    expect(cleanFileName('C:\\fakepath\\..\\Договор.pdf')).toBe('Договор.pdf')
    expect(cleanFileName('../../etc/passwd')).toBe('passwd')
    expect(cleanFileName('a\u0000b<>.png')).toBe('ab.png')
    const long = cleanFileName(`${'x'.repeat(300)}.pdf`)
    expect(long).toHaveLength(120)
    expect(long.endsWith('.pdf')).toBe(true)
  })
})
