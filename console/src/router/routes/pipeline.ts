import type { Routes } from '../types'

const labs = () => import('@/areas/pipeline/LabsPage.vue')
const applications = () => import('@/areas/pipeline/ApplicationsPage.vue')

/** The pipeline area's pages (src/areas/pipeline); meta.roles decides who sees them, the API decides what they may do. */
export const pipelineRoutes: Routes = [
  { path: 'labs', component: labs,
    meta: { roles: ['data-authority', 'coordination-body', 'leading-group'], title: 'pipeline.nav.labs', section: 'authority', order: 20 } },
  { path: 'applications', component: applications,
    meta: { roles: ['data-authority', 'coordination-body', 'leading-group'], title: 'pipeline.nav.applications', section: 'authority', order: 21 } },
  { path: 'my-labs', component: labs,
    meta: { roles: ['operator-accountable'], title: 'pipeline.nav.myLabs', section: 'applicant', order: 10 } },
  { path: 'my-applications', component: applications,
    meta: { roles: ['operator-accountable'], title: 'pipeline.nav.myApplications', section: 'applicant', order: 11 } },
  { path: 'application-reviews', component: applications,
    meta: { roles: ['expert-reviewer', 'data-provider'], title: 'pipeline.nav.reviews', section: 'review', order: 20 } },
  { path: 'applications/:id', component: () => import('@/areas/pipeline/ApplicationDetailPage.vue'),
    meta: { roles: ['data-authority', 'coordination-body', 'leading-group', 'operator-accountable', 'expert-reviewer',
      'data-provider', 'security-supervisor'], title: 'pipeline.nav.application' } },
]
