/** @module Toasts with readable texts: the one way the SPA tells the user that something worked or failed. */
import { useToast } from '@bitrix24/b24ui-nuxt/composables/useToast'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/client.ts'

/**
 * The text for an error: the SPA's own words for a server error code it knows (`errors.<CODE>` in the
 * language files), else the server's message.
 */
export function errorText(error: Error, t: (key: string) => string, te: (key: string) => boolean): string {
  const key = error instanceof ApiError ? `errors.${error.code}` : null
  return key !== null && te(key) ? t(key) : error.message
}

/** `success(text)` and `failure(error)` toasts. */
export function useNotify() {
  const toast = useToast()
  const { t, te } = useI18n()
  return {
    success: (title: string) => toast.add({ title, color: 'air-primary-success' }),
    failure: (error: Error) =>
      toast.add({ title: t('common.error', { message: errorText(error, t, te) }), color: 'air-primary-alert' }),
  }
}
