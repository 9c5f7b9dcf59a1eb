/** @module Test harness: the sandbox's sample PNG images (`../sample-images.ts`), where tests have always found them. */
export { pngOf } from '../sample-images.ts'
