/**
 * @module `npm run leads:site -- --name … --origin … --assigned …`: adds a website for the lead intake from the
 * command line (issue 20) — the way to set one up in webhook mode, where the app's pages have no API. Reads the same
 * environment as the app server (export it first), writes the site into the configured store and prints its form
 * address and the snippet to paste into the website.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { openStore } from '../apps/server/src/adapters/store/open-store.ts'
import { resolveAppSecret } from '../apps/server/src/app-secret.ts'
import { ConfigError, parseConfig } from '../apps/server/src/config.ts'
import { leadSnippet } from '../apps/server/src/domain/leads/lead-snippet.ts'
import { siteInputSchema, type LeadSite } from '../apps/server/src/domain/leads/lead-site.ts'
import { systemClock } from '../apps/server/src/ports/clock.ts'
import { addSite } from '../apps/server/src/services/leads/lead-sites.ts'

const options = {
  name: { type: 'string' },
  origin: { type: 'string', multiple: true },
  assigned: { type: 'string' },
  source: { type: 'string' },
  title: { type: 'string' },
  notify: { type: 'string' },
  attach: { type: 'boolean' },
  'member-id': { type: 'string' },
} as const

/** The portal a webhook-mode site belongs to: `--member-id`, else the webhook's host (dots and colons kept safe). */
function memberIdOf(explicit: string | undefined, webhookUrl: string | undefined): string {
  if (explicit) return explicit
  if (!webhookUrl) throw new ConfigError('--member-id', 'is required unless BITRIX24_WEBHOOK_URL is set')
  return new URL(webhookUrl).host.replace(/[^A-Za-z0-9_.-]/g, '_')
}

/** Adds the site the arguments describe and returns it with its form address. */
export async function addLeadSite(argv: string[], environment: Record<string, string | undefined>) {
  const { values } = parseArgs({ args: argv, options })
  const config = resolveAppSecret(parseConfig(environment))
  const input = siteInputSchema.parse({
    name: values.name,
    origins: values.origin ?? [],
    assignedById: Number(values.assigned),
    ...(values.source ? { sourceDescription: values.source } : {}),
    ...(values.title ? { titleTemplate: values.title } : {}),
    notifyUserIds: (values.notify ?? '').split(',').filter(Boolean).map(Number),
    repeatCustomer: values.attach ? 'attach' : 'new-lead',
  })
  const webhookUrl = config.bitrix24.mode === 'webhook' ? config.bitrix24.webhookUrl : undefined
  const store = await openStore(config.store)
  try {
    const site: LeadSite = await addSite(
      { store, clock: systemClock },
      memberIdOf(values['member-id'], webhookUrl),
      input,
    )
    return { site, endpoint: `${config.appUrl}/api/leads/${site.key}` }
  } finally {
    await store.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  addLeadSite(process.argv.slice(2), process.env)
    .then(({ site, endpoint }) => {
      console.log(`Website "${site.name}" added. Form address: ${endpoint}\n\nSnippet:\n`)
      console.log(leadSnippet(endpoint))
    })
    .catch((error: unknown) => {
      console.error(`leads:site failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    })
}
