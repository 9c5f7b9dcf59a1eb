import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { apiErrorCodes } from './error-codes.ts'

const serverSource = fileURLToPath(new URL('..', import.meta.url))

/** The product's own source files: no tests, contract suites or test fixtures. */
function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : productFiles(path)
    return /\.ts$/.test(entry.name) && !/\.(test|contract)\.ts$/.test(entry.name) ? [path] : []
  })
}

/** Codes thrown as an AppError (`new PermissionError('ADMIN_REQUIRED', …)`) or refused by the domain. */
function thrownCodes(source: string): string[] {
  const patterns = [/new\s+(?!ConfigError\b)\w*Error\(\s*'([A-Z][A-Z0-9_]+)'/g, /refuse\(\s*'([A-Z][A-Z0-9_]+)'/g]
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!))
}

describe('the inventory of error codes', () => {
  const files = productFiles(serverSource)
  const thrown = new Set(files.flatMap((file) => thrownCodes(readFileSync(file, 'utf8'))))
  // http/errors.ts answers with codes of its own when no AppError names one.
  const errorsModule = readFileSync(join(serverSource, 'http/errors.ts'), 'utf8')
  for (const match of errorsModule.matchAll(/(?:code: |\d{3}: |\?\? )'([A-Z][A-Z_]+)'/g)) thrown.add(match[1]!)

  it('lists every code the server throws or refuses with', () => {
    expect([...thrown].filter((code) => !(apiErrorCodes as readonly string[]).includes(code)).sort()).toEqual([])
  })

  it('lists no code that nothing sends, and each code once', () => {
    expect(apiErrorCodes.filter((code) => !thrown.has(code))).toEqual([])
    expect(new Set(apiErrorCodes).size).toBe(apiErrorCodes.length)
  })
})
