import type { Routes } from '../types'

/**
 * Data quality requests (R-20, docs/quality-requests.md): the list with the actions of whoever must act, and the
 * provider evaluation. One page each, listed in the sections of the roles that use them; the API decides what each may do.
 */
export const qualityRoutes: Routes = [
  { path: 'quality-requests', component: () => import('@/areas/quality/QualityRequestsPage.vue'), meta: { roles: ['operator-engineer', 'operator-accountable'], title: 'quality.nav.requests', section: 'workspace', order: 80 } },
  { path: 'provider-quality', component: () => import('@/areas/quality/QualityRequestsPage.vue'), meta: { roles: ['data-provider'], title: 'quality.nav.requests', section: 'provider', order: 25 } },
  { path: 'provider-quality/evaluation', component: () => import('@/areas/quality/QualityEvaluationPage.vue'), meta: { roles: ['data-provider'], title: 'quality.nav.evaluation', section: 'provider', order: 26 } },
  { path: 'quality-supervision', component: () => import('@/areas/quality/QualityRequestsPage.vue'), meta: { roles: ['data-authority', 'security-supervisor'], title: 'quality.nav.requests', section: 'supervision', order: 80 } },
  { path: 'quality-evaluation', component: () => import('@/areas/quality/QualityEvaluationPage.vue'), meta: { roles: ['data-authority'], title: 'quality.nav.evaluation', section: 'authority', order: 70 } },
]
