/**
 * @module Starting the approval a robot call asks for: the document as the subject (read with the app's token),
 * the properties or the named template as the draft, the stage as the origin, and with `attach_files` the files of
 * the document's timeline comments (those too large or of a refused type left out). What is wrong with the call's input
 * comes back as a {@link RobotProblem}; only passing failures are thrown.
 */
import type { ApprovalDraftInput, ApprovalOrigin, Subject } from '../../domain/index.ts'
import { NotFoundError, PermissionError, ValidationError } from '../../ports/errors.ts'
import type { CrmDocumentRef, Portal } from '../../ports/portal.ts'
import type { Store } from '../../ports/store.ts'
import { approvalKey } from '../approvals/approval-records.ts'
import { subjectFileIds } from '../approvals/approval-files.ts'
import { loadTemplate } from '../approvals/approval-templates.ts'
import { startApproval, type StartDeps } from '../approvals/start-approval.ts'
import { activityCode } from './robot-action.ts'
import type { RobotCallRecord } from './robot-calls.ts'
import { readDocument, readRobotOrder, robotProblem, type RobotOrder, type RobotProblem } from './robot-properties.ts'

/** The draft a robot order asks for, from the template when it names one. */
async function draftOf(
  store: Store,
  memberId: string,
  order: RobotOrder,
  subject: Subject,
): Promise<ApprovalDraftInput | RobotProblem> {
  const title = order.title || subject.title || `#${subject.id}`
  const base = { title: title.slice(0, 255), description: order.description, subject }
  if (order.templateId !== null) {
    const template = await loadTemplate(store, memberId, order.templateId)
    if (!template) {
      const id = order.templateId
      return robotProblem('TEMPLATE_NOT_FOUND', `There is no template "${id}"`, `Нет шаблона «${id}»`)
    }
    const { commentPolicy, stages, reminders, isSendBackAllowed } = template
    return { ...base, templateId: template.id, commentPolicy, stages, reminders, isSendBackAllowed }
  }
  const deadline = order.deadlineHours > 0 ? { workingHours: order.deadlineHours, action: order.timeoutAction } : null
  const stages = [{ approverIds: order.approverIds, rule: order.rule, deadline }]
  return { ...base, commentPolicy: order.commentPolicy, stages }
}

/** An error of starting that is about the call's input (the run ends with `error`), not a passing failure. */
function problemOf(error: unknown): RobotProblem | null {
  if (!(error instanceof ValidationError || error instanceof NotFoundError || error instanceof PermissionError)) {
    return null
  }
  if (error.code === 'UNKNOWN_APPROVERS') {
    const ids = error.message.replace(/^.*id /, '')
    return robotProblem(error.code, `No active portal user has the id ${ids}`, `Нет активного сотрудника с id ${ids}`)
  }
  if (error.code === 'SELF_APPROVAL') {
    return robotProblem(error.code, error.message, 'Инициатор не может быть согласующим (настройка портала)')
  }
  const details = (error.details as { message?: string }[] | undefined)?.map((d) => d.message).join('; ')
  const message = details ? `${error.message} ${details}` : error.message
  return robotProblem(error.code, message, message)
}

async function readSubject(portal: Portal, ref: CrmDocumentRef): Promise<Subject | RobotProblem> {
  try {
    return await portal.subjects.read(ref)
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof PermissionError) {
      const name = `${ref.kind} ${ref.id}`
      return robotProblem('DOCUMENT_NOT_FOUND', `The ${name} cannot be read`, `Не удалось прочитать ${name}`)
    }
    throw error
  }
}

/** Whether a value is a {@link RobotProblem} rather than what was asked for. */
export const isProblem = (value: object): value is RobotProblem => 'ru' in value && 'code' in value

/**
 * Starts the call's approval under its reserved id (nothing when it exists already), or says why it cannot start.
 * @throws the Portal port's and the store's passing failures (the call is retried then).
 */
export async function startFromCall(
  deps: StartDeps,
  call: RobotCallRecord,
  portal: Portal,
): Promise<RobotProblem | null> {
  if (await deps.store.get(approvalKey(call.memberId, call.approvalId))) return null
  const document = readDocument(call.documentId)
  if (!document.ok) return document.problem
  const order = readRobotOrder(call.properties)
  if (!order.ok) return order.problem
  const subject = await readSubject(portal, document.value)
  if (isProblem(subject)) return subject
  const draft = await draftOf(deps.store, call.memberId, order.value, subject)
  if (isProblem(draft)) return draft
  const initiatorId = call.userId ?? subject.responsibleId ?? null
  if (initiatorId === null) {
    return robotProblem('NO_INITIATOR', 'The call names no user', 'Вызов робота не указывает пользователя')
  }
  const origin: ApprovalOrigin = {
    kind: call.code === activityCode ? 'business-process' : 'robot',
    stageName: await portal.automation.stageName(document.value),
  }
  try {
    // A refusal reading the timeline becomes the robot's result like any other refusal; an outage is retried.
    const driveFileIds = order.value.isAttachingFiles ? await subjectFileIds(portal, document.value) : []
    await startApproval(deps, {
      ...{ memberId: call.memberId, initiatorId, channel: 'robot', draft },
      ...{ robotEventToken: call.eventToken, origin, approvalId: call.approvalId },
      ...{ driveFileIds, isLenientWithFiles: true },
    })
    return null
  } catch (error) {
    const problem = problemOf(error)
    if (problem === null) throw error
    return problem
  }
}
