/**
 * @module The sandbox portal's UI (issue 4, item 5).
 */
export { portalUi } from './portal-ui.ts'
