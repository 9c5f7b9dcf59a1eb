export * from './lead-delivery.ts'
export * from './lead-files.ts'
export * from './lead-site.ts'
export * from './lead-submission.ts'
