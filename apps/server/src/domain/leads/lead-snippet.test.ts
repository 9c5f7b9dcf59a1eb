import { describe, expect, it } from 'vitest'
import { leadSnippet } from './lead-snippet.ts'

describe('leadSnippet', () => {
  it('posts to the endpoint with the anti-bot fields and the UTM keys', () => {
    const snippet = leadSnippet('https://app.example/api/leads/KEY', 'en')
    expect(snippet).toContain('data-endpoint="https://app.example/api/leads/KEY"')
    expect(snippet).toContain('name="website"')
    expect(snippet).toContain("data.set('form_started_at'")
    expect(snippet).toContain('"utm_source"')
    expect(snippet).toContain('I agree to the processing')
  })

  it('speaks Russian by default and cannot be broken out of by the endpoint', () => {
    const snippet = leadSnippet('https://x.example/"><script>alert(1)</script>')
    expect(snippet).toContain('Отправить')
    expect(snippet).not.toContain('"><script>alert')
  })
})
