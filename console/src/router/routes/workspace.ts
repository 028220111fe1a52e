import type { Routes } from '../types'
import type { Role } from '@/session'

const WORKERS: Role[] = ['operator-engineer', 'operator-accountable']

/** The workspace area's pages (src/areas/workspace); meta.roles decides who sees them, the API decides what they may do. */
export const workspaceRoutes: Routes = [
  {
    path: 'workspaces',
    component: () => import('@/areas/workspace/WorkspacesPage.vue'),
    meta: { roles: WORKERS, title: 'workspace.nav.list', section: 'workspace', order: 10 },
  },
  {
    path: 'workspaces/:id',
    component: () => import('@/areas/workspace/WorkspaceHomePage.vue'),
    meta: { roles: WORKERS, title: 'workspace.home.title' },
  },
  {
    path: 'workspaces/:id/sql',
    component: () => import('@/areas/workspace/SqlEditorPage.vue'),
    meta: { roles: WORKERS, title: 'workspace.sql.title' },
  },
  {
    path: 'workspaces/:id/tables',
    component: () => import('@/areas/workspace/TablesPage.vue'),
    meta: { roles: WORKERS, title: 'workspace.tables.title' },
  },
]
