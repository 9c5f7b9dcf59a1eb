/** @module The running version, read once from the root package.json. */
import rootPackage from '../../../package.json' with { type: 'json' }

/** The product version (root package.json `version`). */
export const version: string = rootPackage.version
