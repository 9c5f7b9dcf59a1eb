/**
 * @module The offline sandboxes: a Bitrix24 portal and the Telegram Bot API, for development, demos and tests.
 */
export * from './bitrix24/index.ts'
export * from './telegram/index.ts'
