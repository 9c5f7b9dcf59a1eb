/**
 * @module A self-hosted portal whose certificate is not publicly trusted: the SDK's HTTP clients (axios, one per
 * API version) are given an HTTPS agent that trusts exactly the CA the operator configured.
 */
import { Agent } from 'node:https'
import { ApiVersion, type B24Hook, type B24OAuth } from '@bitrix24/b24jssdk'

/** Makes `client` trust `ca` (PEM) besides the public roots; nothing changes without one. */
export function trustPrivateCa(client: B24Hook | B24OAuth, ca: string | undefined): void {
  if (!ca) return
  const agent = new Agent({ ca, keepAlive: true })
  for (const version of [ApiVersion.v2, ApiVersion.v3])
    client.getHttpClient(version).ajaxClient.defaults.httpsAgent = agent
}
