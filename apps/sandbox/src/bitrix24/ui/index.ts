/**
 * @module The sandbox portal's UI (issue 4, item 5).
 */
export { portalUi, type PortalUiSandbox } from './portal-ui.ts'
