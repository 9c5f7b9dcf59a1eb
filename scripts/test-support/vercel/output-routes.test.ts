import { describe, expect, it } from 'vitest'
import { resolveRoute, routePhases, type OutputRoute } from './output-routes.ts'

/** The routes `vercel build` writes for this repository's vercel.json (rewrites of /api/* and of the SPA). */
const routes: OutputRoute[] = [
  { handle: 'filesystem' },
  { src: '^/api(?:/(.*))$', dest: '/api', check: true },
  { src: '^(?:/((?!api/).*))$', dest: '/index.html', check: true },
  { src: '^/api(/.*)?$', status: 404 },
  { handle: 'error' },
  { status: 404, src: '^(?!/api).*$', dest: '/404.html' },
  { handle: 'miss' },
  { src: '^/api/(.+)(?:\\.(?:ts))$', dest: '/api/$1', check: true },
]
const files = {
  isStatic: (path: string) => ['/index.html', '/assets/index-abc.js'].includes(path),
  isFunction: (path: string) => path === '/api',
}

describe('resolveRoute', () => {
  it.each([
    ['/assets/index-abc.js', { kind: 'static', path: '/assets/index-abc.js', status: 200 }],
    ['/api/health', { kind: 'function', path: '/api' }],
    ['/api/b24/events', { kind: 'function', path: '/api' }],
    ['/', { kind: 'static', path: '/index.html', status: 200 }],
    ['/approvals/01J', { kind: 'static', path: '/index.html', status: 200 }],
    ['/api', { kind: 'function', path: '/api' }],
  ])('resolves %s as Vercel does', (path, target) => {
    expect(resolveRoute(routes, path, files)).toEqual(target)
  })

  it('answers 404 where no route and no file matches', () => {
    const noSpa = routes.filter((r) => r.dest !== '/index.html')
    expect(resolveRoute(noSpa, '/missing', files)).toEqual({ kind: 'status', status: 404 })
  })

  it('refuses a route field it does not implement', () => {
    expect(() => routePhases([{ src: '/x', headers: { a: 'b' } } as OutputRoute])).toThrow(/headers/)
  })
})
