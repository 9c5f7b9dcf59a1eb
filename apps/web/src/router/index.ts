/**
 * @module The SPA's routes. Hash history: Bitrix24 POSTs the frame to `/api/b24/app`, so the path is not ours.
 * Every page except the home route is loaded lazily.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import HomePage from '../pages/HomePage.vue'

/** The route table; `meta.title` is the i18n key of the page title set in the portal. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomePage, meta: { title: 'nav.home' } },
  {
    path: '/approvals',
    name: 'approvals',
    component: () => import('../pages/ApprovalsPage.vue'),
    meta: { title: 'nav.list' },
  },
  {
    path: '/approvals/new',
    name: 'new',
    component: () => import('../pages/NewApprovalPage.vue'),
    meta: { title: 'nav.new' },
  },
  {
    path: '/approvals/:id',
    name: 'approval',
    component: () => import('../pages/ApprovalPage.vue'),
    meta: { title: 'nav.approval' },
  },
  {
    path: '/approvals/:id/revise',
    name: 'revise',
    component: () => import('../pages/RevisionPage.vue'),
    meta: { title: 'revision.title' },
  },
  {
    path: '/approvals/:id/print',
    name: 'print',
    component: () => import('../pages/ApprovalPrintPage.vue'),
    meta: { title: 'nav.print' },
  },
  {
    path: '/statistics',
    name: 'statistics',
    component: () => import('../pages/StatisticsPage.vue'),
    meta: { title: 'nav.statistics' },
  },
  {
    path: '/telegram',
    name: 'telegram',
    component: () => import('../pages/TelegramPage.vue'),
    meta: { title: 'nav.telegram' },
  },
  {
    path: '/templates',
    name: 'templates',
    component: () => import('../pages/TemplatesPage.vue'),
    meta: { title: 'nav.templates' },
  },
  {
    path: '/automation',
    name: 'automation',
    component: () => import('../pages/AutomationPage.vue'),
    meta: { title: 'nav.automation' },
  },
  {
    path: '/sites',
    name: 'sites',
    component: () => import('../pages/SitesPage.vue'),
    meta: { title: 'nav.sites' },
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('../pages/SettingsPage.vue'),
    meta: { title: 'nav.settings' },
  },
  {
    path: '/users',
    name: 'users',
    component: () => import('../pages/UsersPage.vue'),
    meta: { title: 'nav.users' },
  },
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('../pages/NotificationsPage.vue'),
    meta: { title: 'nav.notifications' },
  },
  {
    path: '/crm/:kind(deal|lead)/:id(\\d+)',
    name: 'crm-tab',
    component: () => import('../pages/CrmTabPage.vue'),
    meta: { title: 'crmTab.title' },
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

/** Creates the router. */
export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
