import type { Routes } from '../types'

const GRANT_READERS = ['data-authority', 'coordination-body', 'leading-group', 'security-supervisor', 'operator-accountable'] as const

/** The grants area's pages (src/areas/grants); meta.roles decides who sees them, the API decides what they may do. */
export const grantsRoutes: Routes = [
  {
    path: 'announcements',
    component: () => import('@/areas/grants/AnnouncementsPage.vue'),
    meta: { title: 'grants.nav.announcements', section: 'authority', order: 5 },
  },
  {
    path: 'grants',
    component: () => import('@/areas/grants/GrantsPage.vue'),
    meta: { roles: GRANT_READERS, title: 'grants.nav.grants', section: 'authority', order: 10 },
  },
  {
    path: 'grants/:id',
    component: () => import('@/areas/grants/GrantDetailPage.vue'),
    meta: { roles: [...GRANT_READERS, 'operator-engineer'], title: 'grants.nav.grant' },
  },
  {
    path: 'personnel',
    component: () => import('@/areas/grants/PersonnelPage.vue'),
    meta: { roles: ['data-authority', 'operator-accountable', 'security-supervisor'], title: 'grants.nav.personnel', section: 'authority', order: 20 },
  },
  {
    path: 'organizations',
    component: () => import('@/areas/grants/OrganizationsPage.vue'),
    meta: { roles: [...GRANT_READERS], title: 'grants.nav.organizations', section: 'authority', order: 30 },
  },
  {
    path: 'organizations/:id',
    component: () => import('@/areas/grants/OrganizationDetailPage.vue'),
    meta: { roles: [...GRANT_READERS], title: 'grants.nav.organization' },
  },
]
