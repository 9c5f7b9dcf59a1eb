import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { missingRedisMessage, startRedisServer } from './redis-server.ts'
import { RespConnection } from './resp-connection.ts'

describe('startRedisServer', () => {
  it('fails with the install hint when the binary is missing (tests never skip)', async () => {
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(missingRedisMessage)
  })

  it('starts two servers side by side on free ports, without persistence, and stops them', async () => {
    const [one, two] = await Promise.all([startRedisServer(), startRedisServer()])
    expect(one.port).not.toBe(two.port)
    const connection = await RespConnection.open(one.port)
    const dir = (await connection.send(['CONFIG', 'GET', 'dir'])) as Buffer[]
    const save = (await connection.send(['CONFIG', 'GET', 'save'])) as Buffer[]
    await connection.close()
    expect(String(save[1])).toBe('')
    expect(existsSync(String(dir[1]))).toBe(true)
    await Promise.all([one.stop(), two.stop()])
    expect(existsSync(String(dir[1]))).toBe(false)
    await expect(RespConnection.open(one.port)).rejects.toThrow(/ECONNREFUSED/)
  })
})
