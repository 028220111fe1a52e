import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import './types'
import { authState } from '@/auth/auth'
import { hasAnyRole, loadMe, session } from '@/session'
import { i18n } from '@/i18n'
import { pipelineRoutes } from './routes/pipeline'
import { grantsRoutes } from './routes/grants'
import { providerRoutes } from './routes/provider'
import { workspaceRoutes } from './routes/workspace'
import { productsRoutes } from './routes/products'
import { supervisionRoutes } from './routes/supervision'
import { qualityRoutes } from './routes/quality'

export const areaRoutes: RouteRecordRaw[] = [
  ...grantsRoutes,
  ...pipelineRoutes,
  ...providerRoutes,
  ...workspaceRoutes,
  ...productsRoutes,
  ...supervisionRoutes,
  ...qualityRoutes,
]

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { public: true, title: 'common.login.title' } },
  {
    path: '/',
    component: () => import('@/layouts/ShellLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/pages/HomePage.vue'), meta: { title: 'common.nav.home' } },
      { path: 'inbox', name: 'inbox', component: () => import('@/areas/notifications/InboxPage.vue'), meta: { title: 'notifications.nav.inbox' } },
      ...areaRoutes,
      { path: 'forbidden', name: 'forbidden', component: () => import('@/pages/ForbiddenPage.vue'), meta: { title: 'common.forbidden.title' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { title: 'common.notFound.title' } },
    ],
  },
]

// Hash history: every console address is "/#/...", so the controller serves one index.html at "/" and no path of
// the API (/api, /dev, /service) can collide with a page.
export const router = createRouter({ history: createWebHashHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!authState.signedIn) return { name: 'login', query: { returnTo: to.fullPath } }
  if (!session.me) {
    try {
      await loadMe()
    } catch {
      return { name: 'login', query: { returnTo: to.fullPath } }
    }
  }
  if (!hasAnyRole(to.meta.roles)) return { name: 'forbidden' }
  return true
})

router.afterEach((to) => {
  const t = i18n.global.t
  document.title = to.meta.title ? `${t(to.meta.title)} · ${t('common.app.name')}` : t('common.app.name')
})
