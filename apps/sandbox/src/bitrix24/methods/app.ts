/**
 * @module `app.info` (§5.5), `profile` (§5.4), `app.option.get/set` (§5.6).
 */
import type { Portal } from '../portal.ts'
import { asRecord, asText, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

/** The `app.info` result of the local application. */
export function appInfo(portal: Portal): Record<string, unknown> {
  const app = portal.state.app
  return {
    ID: 1,
    CODE: app.clientId,
    VERSION: app.version,
    STATUS: app.status,
    INSTALLED: app.installed,
    PAYMENT_EXPIRED: 'N',
    DAYS: null,
    LANGUAGE_ID: 'ru',
    LICENSE: 'ru_project',
    LICENSE_TYPE: 'project',
    LICENSE_FAMILY: 'project',
  }
}

/** Methods of the application itself. */
export const appMethods: MethodTable = {
  'app.info': { scope: null, appOnly: true, handler: ({ portal }) => ({ result: appInfo(portal) }) },
  profile: {
    scope: null,
    // An inactive (dismissed) user's profile is an empty object (§5.4).
    handler: ({ user }) => ({
      result: !user.ACTIVE
        ? {}
        : {
            ID: String(user.ID),
            ADMIN: user.IS_ADMIN,
            NAME: user.NAME,
            LAST_NAME: user.LAST_NAME,
            PERSONAL_GENDER: user.PERSONAL_GENDER,
            TIME_ZONE: '',
          },
    }),
  },
  'app.option.get': {
    scope: null,
    appOnly: true,
    handler: ({ portal, params }) => {
      const option = asText(param(params, 'option'))
      const options = portal.state.appOptions
      if (option) return { result: options[option] ?? null }
      return { result: Object.keys(options).length === 0 ? [] : options }
    },
  },
  'app.option.set': {
    scope: null,
    appOnly: { status: 400, code: 'AccessException', description: 'Application context required' },
    handler: ({ portal, params, user }) => {
      const options = asRecord(param(params, 'options'))
      if (Object.keys(options).length === 0) throw new RestError(400, 'ArgumentNullException', 'options is empty')
      if (!user.IS_ADMIN) throw new RestError(400, 'AccessException', 'Administrator authorization required')
      Object.assign(portal.state.appOptions, options)
      return { result: true }
    },
  },
}
