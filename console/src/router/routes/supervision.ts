import type { Role } from '@/session'
import type { Routes } from '../types'

/** Security supervisors and the authority: the API lets both read the audit log, lineage, quarantine and policies. */
const SUPERVISORS: Role[] = ['security-supervisor', 'data-authority']

/** The supervision area's pages (src/areas/supervision); meta.roles decides who sees them, the API decides what they may do. */
export const supervisionRoutes: Routes = [
  {
    path: 'audit',
    component: () => import('@/areas/supervision/AuditPage.vue'),
    meta: { roles: SUPERVISORS, title: 'supervision.nav.audit', section: 'supervision', order: 10 },
  },
  {
    path: 'lineage',
    component: () => import('@/areas/supervision/LineagePage.vue'),
    meta: { roles: SUPERVISORS, title: 'supervision.nav.lineage', section: 'supervision', order: 20 },
  },
  {
    path: 'quarantine',
    component: () => import('@/areas/supervision/QuarantinePage.vue'),
    meta: { roles: SUPERVISORS, title: 'supervision.nav.quarantine', section: 'supervision', order: 30 },
  },
  {
    path: 'policies',
    component: () => import('@/areas/supervision/PoliciesPage.vue'),
    meta: { roles: SUPERVISORS, title: 'supervision.nav.policies', section: 'supervision', order: 40 },
  },
  {
    path: 'running',
    component: () => import('@/areas/supervision/RunningPage.vue'),
    meta: { roles: SUPERVISORS, title: 'supervision.nav.running', section: 'supervision', order: 50 },
  },
]
