/**
 * @module Where the app's own address, opened outside Bitrix24, sends a person: the portal this deployment serves
 * (at the approval the address names), as the server tells (`GET /api/b24/portal-link`); null when it serves
 * several portals or none.
 */
import { ref } from 'vue'
import { createPublicApiClient, readJson } from '../api/client.ts'

/** The approval id an SPA address names (`#/approvals/<id>`), or null. */
export function approvalIdOfHash(hash: string): string | null {
  const match = /^#\/approvals\/([0-9A-Za-z]{1,40})(?:[/?]|$)/.exec(hash)
  return match ? match[1]! : null
}

/** Reads the portal link once; `url` stays null when there is none or the server could not say. */
export function usePortalLink(options: { baseUrl: string; hash: string; fetch?: typeof fetch }) {
  const url = ref<string | null>(null)
  const approvalId = approvalIdOfHash(options.hash)
  async function load() {
    const client = createPublicApiClient(options)
    const query = approvalId === null ? {} : { approval: approvalId }
    try {
      url.value = (await readJson(client.api.b24['portal-link'].$get({ query }))).url
    } catch {
      // Without an answer the page still explains how to open the app from the portal.
      url.value = null
    }
  }
  return { url, approvalId, load }
}
