/** @module How a subject (deal, lead, task) is named on screen: its title, else "Deal #21". */
import { useI18n } from 'vue-i18n'

/** A subject as lists, forms and the approval page have it. */
export interface SubjectLike {
  kind: 'deal' | 'lead' | 'task'
  id: number
  title: string
}

/** `subjectLabel(subject)`: the subject's title, or its kind and id in the interface language. */
export function useSubjectLabel() {
  const { t } = useI18n()
  return (subject: SubjectLike) => subject.title || t(`subjectKind.${subject.kind}`, { id: subject.id })
}
