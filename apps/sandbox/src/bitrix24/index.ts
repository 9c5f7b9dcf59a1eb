/**
 * @module The Bitrix24 sandbox: an offline, protocol-faithful Bitrix24 portal for development, demos and tests.
 */
export { createBitrix24Sandbox, type Bitrix24SandboxOptions, type Bitrix24Sandbox } from './sandbox.ts'
export type { FaultOptions, RandomFaultOptions } from './sandbox-handle.ts'
export type { FrameLaunch, LaunchOptions, LaunchRefusal } from './install.ts'
export type { RobotPlacement } from './robots.ts'
export type { DeliveryRecord, RestLogEntry, Portal, RandomFaultKind, RateLimitOptions } from './portal.ts'
export type { TokenResponse } from './tokens.ts'
export { PORTAL_USER_COOKIE, OAUTH_SERVER_PREFIX } from './oauth/token-server.ts'
