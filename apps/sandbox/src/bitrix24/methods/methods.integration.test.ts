/**
 * Method families with Bitrix24's data typing: user fields, multifields, timeline, notifications, Drive, tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { restCall } from '../../test-support/rest-call.ts'

let sandbox: Bitrix24Sandbox
let admin: string
let manager: string

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
  admin = sandbox.issueTokens(1).access_token
  manager = sandbox.issueTokens(3).access_token
})
afterAll(async () => {
  await sandbox.close()
})

const call = (token: string, method: string, params: object = {}) => restCall(sandbox.restUrl, token, method, params)

describe('users', () => {
  it('adds a user field, writes it as admin only, and reads it with select', async () => {
    const added = await call(admin, 'user.userfield.add', {
      fields: { FIELD_NAME: 'TELEGRAM_ID', USER_TYPE_ID: 'string', LABEL: 'Telegram ID' },
    })
    expect(typeof added.body['result']).toBe('number')
    expect((await call(admin, 'user.userfield.add', { fields: { FIELD_NAME: 'UF_TELEGRAM_ID' } })).body).toMatchObject({
      error: 'ERROR_CORE',
    })
    expect((await call(manager, 'user.update', { ID: 3, UF_USR_TELEGRAM_ID: '1' })).status).toBe(403)
    expect((await call(admin, 'user.update', { ID: 3, UF_USR_TELEGRAM_ID: '700000003' })).body['result']).toBe(true)
    const got = await call(manager, 'user.get', { FILTER: { ID: 3 }, select: ['ID', 'NAME', 'UF_USR_TELEGRAM_ID'] })
    expect(got.body['result']).toEqual([{ ID: '3', NAME: 'Мария', UF_USR_TELEGRAM_ID: '700000003' }])
    const search = await call(manager, 'user.search', { FILTER: { FIND: 'бухгалтер' } })
    expect((search.body['result'] as { ID: string }[]).map((u) => u.ID)).toEqual(['7'])
  })
})

describe('CRM', () => {
  it('stores lead multifields and reads them back typed', async () => {
    const id = (
      await call(manager, 'crm.lead.add', {
        fields: { TITLE: 'С телефоном', PHONE: [{ VALUE: '+74951112233', VALUE_TYPE: 'MOBILE' }], OPPORTUNITY: 1500 },
      })
    ).body['result']
    const lead = (await call(manager, 'crm.lead.get', { ID: id })).body['result'] as Record<string, unknown>
    expect(lead).toMatchObject({ ID: String(id), OPPORTUNITY: '1500.00', ASSIGNED_BY_ID: '3', STATUS_ID: 'NEW' })
    expect(lead['PHONE']).toEqual([
      { ID: expect.any(String), VALUE_TYPE: 'MOBILE', VALUE: '+74951112233', TYPE_ID: 'PHONE' },
    ])
  })

  it('moves a deal only to a stage of its pipeline', async () => {
    expect(
      (await call(manager, 'crm.deal.update', { id: 15, fields: { STAGE_ID: 'C1:APPROVAL' } })).body['result'],
    ).toBe(true)
    expect((await call(manager, 'crm.deal.update', { id: 15, fields: { STAGE_ID: 'WON' } })).status).toBe(400)
    expect((await call(manager, 'crm.deal.get', { id: 15 })).body['result']).toMatchObject({
      CATEGORY_ID: '1',
      STAGE_ID: 'C1:APPROVAL',
      STAGE_SEMANTIC_ID: 'P',
    })
  })

  it('reads a deal or lead only within the caller\'s CRM role: "Access denied." beside "Not found"', async () => {
    const user = sandbox.portal.state.users.find((u) => u.ID === 4)!
    user.CRM_READ = 'own'
    const token = sandbox.issueTokens(4).access_token
    try {
      expect((await call(token, 'crm.deal.get', { id: 2 })).body['result']).toMatchObject({ ASSIGNED_BY_ID: '4' })
      const foreign = await call(token, 'crm.deal.get', { id: 1 })
      expect([foreign.status, foreign.body]).toEqual([400, { error: '', error_description: 'Access denied.' }])
      const missing = await call(token, 'crm.lead.get', { id: 999 })
      expect([missing.status, missing.body]).toEqual([400, { error: '', error_description: 'Not found' }])
      expect((await call(admin, 'crm.deal.get', { id: 1 })).status).toBe(200)
      // A list is narrowed to the readable records, as in Bitrix24; it is no error.
      const own = sandbox.portal.state.deals.filter((d) => d['ASSIGNED_BY_ID'] === '4').map((d) => d['ID'])
      const listed = await call(token, 'crm.deal.list', { select: ['ID'], start: -1 })
      expect((listed.body['result'] as { ID: string }[]).map((d) => d.ID)).toEqual(own)
      const all = await call(admin, 'crm.deal.list', { select: ['ID'], start: -1 })
      expect((all.body['result'] as unknown[]).length).toBeGreaterThan(own.length)
    } finally {
      delete user.CRM_READ
    }
  })

  it('adds a timeline comment only with the lowercase fields key', async () => {
    const upper = await call(manager, 'crm.timeline.comment.add', {
      FIELDS: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: 'x' },
    })
    expect(upper.status).toBe(400)
    const ok = await call(manager, 'crm.timeline.comment.add', {
      fields: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: 'Согласовано' },
    })
    expect(typeof ok.body['result']).toBe('number')
    expect(sandbox.timeline()).toEqual([
      expect.objectContaining({ ENTITY_TYPE: 'deal', ENTITY_ID: 1, COMMENT: 'Согласовано', AUTHOR_ID: 3 }),
    ])
  })

  it('lists the timeline comments of one record, which the filter must name', async () => {
    await call(manager, 'crm.timeline.comment.add', {
      fields: { ENTITY_ID: 2, ENTITY_TYPE: 'deal', COMMENT: 'Другая' },
    })
    const list = await call(manager, 'crm.timeline.comment.list', {
      filter: { ENTITY_ID: 1, ENTITY_TYPE: 'deal' },
      select: ['ID', 'COMMENT'],
    })
    expect(list.body['result']).toEqual([{ ID: expect.any(String), COMMENT: 'Согласовано' }])
    expect(list.body['total']).toBe(1)
    expect((await call(manager, 'crm.timeline.comment.list', { filter: { ENTITY_ID: 1 } })).status).toBe(400)
  })
})

describe('notifications, Drive, tasks', () => {
  it('replaces a notification with the same TAG', async () => {
    await call(admin, 'im.notify.system.add', { USER_ID: 6, MESSAGE: 'Первое', TAG: 'approval-1' })
    await call(admin, 'im.notify.system.add', { USER_ID: 6, MESSAGE: 'Второе', TAG: 'approval-1' })
    expect(sandbox.notifications().map((n) => n.MESSAGE)).toEqual(['Второе'])
    expect((await call(admin, 'im.notify.system.add', { MESSAGE: 'x' })).body).toMatchObject({ error: 'USER_ID_EMPTY' })
  })

  it('uploads a file to the app storage and refuses it inside batch', async () => {
    const storage = (await call(admin, 'disk.storage.getforapp')).body['result'] as Record<string, string>
    const params = {
      id: storage['ROOT_OBJECT_ID'],
      data: { NAME: 'act.pdf' },
      fileContent: ['act.pdf', Buffer.from('%PDF-1.4').toString('base64')],
    }
    const file = (await call(admin, 'disk.folder.uploadfile', params)).body['result'] as Record<string, unknown>
    expect(file).toMatchObject({ NAME: 'act.pdf', SIZE: '8', TYPE: 'file', PARENT_ID: storage['ROOT_OBJECT_ID'] })
    const batch = await call(admin, 'batch', { cmd: { up: `disk.folder.uploadfile?id=${storage['ROOT_OBJECT_ID']}` } })
    expect((batch.body['result'] as { result_error: Record<string, unknown> }).result_error['up']).toMatchObject({
      error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
    })
  })

  it('returns tasks camelCase with string values and UF fields only when selected', async () => {
    const added = await call(manager, 'tasks.task.add', {
      fields: { TITLE: 'Согласовать скидку', RESPONSIBLE_ID: 2, UF_CRM_TASK: ['D_3'] },
    })
    const task = (added.body['result'] as { task: Record<string, unknown> }).task
    expect(task).toMatchObject({
      title: 'Согласовать скидку',
      responsibleId: '2',
      createdBy: '3',
      status: '2',
      priority: '1',
    })
    expect(task['ufCrmTask']).toBeUndefined()
    const got = await call(manager, 'tasks.task.get', { taskId: task['id'], select: ['ID', 'UF_CRM_TASK'] })
    expect((got.body['result'] as { task: Record<string, unknown> }).task).toMatchObject({
      id: task['id'],
      ufCrmTask: ['D_3'],
    })
    const completed = await call(manager, 'tasks.task.complete', { taskId: task['id'] })
    expect((completed.body['result'] as { task: Record<string, unknown> }).task['status']).toBe('5')
    expect((await call(manager, 'tasks.task.add', { fields: { RESPONSIBLE_ID: 2 } })).body).toMatchObject({
      error: 'ERROR_CORE',
      error_description: 'Task title is not specified<br>',
    })
  })

  it('shows a task only to its participants and administrators', async () => {
    const added = await call(manager, 'tasks.task.add', {
      fields: { TITLE: 'Только для участников', RESPONSIBLE_ID: 2 },
    })
    const taskId = (added.body['result'] as { task: { id: string } }).task.id
    expect((await call(sandbox.issueTokens(2).access_token, 'tasks.task.get', { taskId })).status).toBe(200)
    expect((await call(admin, 'tasks.task.get', { taskId })).status).toBe(200)
    const outsider = await call(sandbox.issueTokens(6).access_token, 'tasks.task.get', { taskId })
    expect([outsider.status, outsider.body['error']]).toEqual([403, 'ACCESS_DENIED'])
  })

  it('notifies the responsible person of a task someone else gave them, as Bitrix24 does', async () => {
    const given = await call(manager, 'tasks.task.add', { fields: { TITLE: 'Проверить счёт', RESPONSIBLE_ID: 6 } })
    const id = (given.body['result'] as { task: { id: string } }).task.id
    const notice = sandbox.notifications().find((n) => n.MESSAGE.includes(`/tasks/task/view/${id}/`))
    expect(notice).toMatchObject({ USER_ID: 6, FROM_USER_ID: 3, TYPE: 'personal' })
    expect(notice!.MESSAGE).toContain('Проверить счёт')
    const own = await call(manager, 'tasks.task.add', { fields: { TITLE: 'Себе', RESPONSIBLE_ID: 3 } })
    const ownId = (own.body['result'] as { task: { id: string } }).task.id
    expect(sandbox.notifications().some((n) => n.MESSAGE.includes(`/tasks/task/view/${ownId}/`))).toBe(false)
  })

  it('lists task comments newest first, filtered by author, with positional or named parameters', async () => {
    const added = await call(manager, 'tasks.task.add', { fields: { TITLE: 'Комментарии', RESPONSIBLE_ID: 2 } })
    const taskId = Number((added.body['result'] as { task: { id: string } }).task.id)
    await call(manager, 'task.commentitem.add', [taskId, { POST_MESSAGE: 'Первый' }])
    await call(admin, 'task.commentitem.add', [taskId, { POST_MESSAGE: 'Второй' }])
    await call(manager, 'task.commentitem.add', [taskId, { POST_MESSAGE: 'Третий' }])
    const mine = await call(manager, 'task.commentitem.getlist', {
      TASKID: taskId,
      ORDER: {},
      FILTER: { AUTHOR_ID: 3 },
    })
    expect((mine.body['result'] as { POST_MESSAGE: string }[]).map((c) => c.POST_MESSAGE)).toEqual(['Третий', 'Первый'])
    const all = await call(manager, 'task.commentitem.getlist', [taskId, { ID: 'asc' }])
    expect((all.body['result'] as { AUTHOR_ID: string }[]).map((c) => c.AUTHOR_ID)).toEqual(['3', '1', '3'])
    expect((await call(manager, 'task.commentitem.getlist', { TASKID: 999_999 })).body).toMatchObject({
      error: 'ERROR_CORE',
    })
  })
})

describe('workgroups', () => {
  it('lists the groups a user may see, with the documented fields, and their members without requests', async () => {
    const listed = await call(manager, 'sonet_group.get', { ORDER: { NAME: 'ASC' }, FILTER: { ACTIVE: 'Y' } })
    expect(listed.body).toMatchObject({ total: 3 })
    const rows = listed.body['result'] as Record<string, unknown>[]
    expect(rows.map((g) => g['NAME'])).toEqual(['Архив 2024', 'Внедрение CRM', 'Тендерный комитет'])
    expect(rows[2]).toMatchObject({
      ID: '1',
      PROJECT: 'Y',
      VISIBLE: 'Y',
      CLOSED: 'N',
      OWNER_ID: '6',
      NUMBER_OF_MEMBERS: '4',
    })
    // The secret board: its members see it; an administrator too with IS_ADMIN=Y.
    const secret = { FILTER: { ID: 3 } }
    expect((await call(manager, 'sonet_group.get', secret)).body['result']).toEqual([])
    expect((await call(admin, 'sonet_group.get', { ...secret, IS_ADMIN: 'Y' })).body['result']).toHaveLength(1)
    const members = await call(manager, 'sonet_group.user.get', { ID: 1 })
    expect(members.body['result']).toEqual([
      { USER_ID: '6', ROLE: 'A' },
      { USER_ID: '7', ROLE: 'E' },
      { USER_ID: '9', ROLE: 'K' },
      { USER_ID: '11', ROLE: 'K' },
    ])
  })

  it('answers a wrong, unknown or hidden group with the documented errors', async () => {
    expect((await call(manager, 'sonet_group.user.get', { ID: 0 })).body).toMatchObject({
      error: '',
      error_description: 'Wrong socialnetwork group ID',
    })
    for (const ID of [99, 3]) {
      const res = await call(manager, 'sonet_group.user.get', { ID })
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ error: '', error_description: 'Socialnetwork group not found' })
    }
  })
})
