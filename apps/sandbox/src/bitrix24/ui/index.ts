/**
 * @module The sandbox portal's UI: the pages a person clicks through offline.
 */
export { portalUi } from './portal-ui.ts'
