/** Notices as the portal shows them: links as BB-code `[URL]`, user text kept from forming tags. */
import { describe, expect, it } from 'vitest'
import { noticeMessage } from './b24-portal.ts'

describe('noticeMessage', () => {
  it('renders links as [URL=…] and neutralises brackets in plain parts and labels', () => {
    const parts = ['Open [b]now[/b]: ', { url: 'https://t.me/bot?start=abc', label: 'the [bot]' }, '.']
    expect(noticeMessage(parts)).toBe('Open (b)now(/b): [URL=https://t.me/bot?start=abc]the (bot)[/URL].')
  })
})
