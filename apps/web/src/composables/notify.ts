/** @module Toasts with readable texts: the one way the SPA tells the user that something worked or failed. */
import { useToast } from '@bitrix24/b24ui-nuxt/composables/useToast'
import { useI18n } from 'vue-i18n'

/** `success(text)` and `failure(error)` toasts. */
export function useNotify() {
  const toast = useToast()
  const { t } = useI18n()
  return {
    success: (title: string) => toast.add({ title, color: 'air-primary-success' }),
    failure: (error: Error) =>
      toast.add({ title: t('common.error', { message: error.message }), color: 'air-primary-alert' }),
  }
}
