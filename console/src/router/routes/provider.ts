import type { Routes } from '../types'

const PROVIDER = ['data-provider'] as const
const CATALOG_READERS = ['data-authority', 'coordination-body', 'leading-group', 'data-provider', 'security-supervisor'] as const
const REGISTRARS = ['data-provider', 'data-authority'] as const

/** The provider area's pages (src/areas/provider); meta.roles decides who sees them, the API decides what they may do. */
export const providerRoutes: Routes = [
  // The data provider's menu
  { path: 'datasets', component: () => import('@/areas/provider/DatasetsPage.vue'), meta: { roles: PROVIDER, title: 'provider.nav.datasets', section: 'provider', order: 10 } },
  { path: 'datasets/new', component: () => import('@/areas/provider/DatasetRegisterPage.vue'), meta: { roles: REGISTRARS, title: 'provider.nav.register' } },
  { path: 'provider-grants', component: () => import('@/areas/provider/ProviderGrantsPage.vue'), meta: { roles: PROVIDER, title: 'provider.nav.grants', section: 'provider', order: 20 } },
  { path: 'providers', component: () => import('@/areas/provider/ProvidersPage.vue'), meta: { roles: PROVIDER, title: 'provider.nav.providers', section: 'provider', order: 30 } },
  // The authority's view of the same catalog
  { path: 'catalog', component: () => import('@/areas/provider/DatasetsPage.vue'), meta: { roles: ['data-authority', 'coordination-body', 'leading-group'], title: 'provider.nav.catalog', section: 'authority', order: 60 } },
  { path: 'catalog/providers', component: () => import('@/areas/provider/ProvidersPage.vue'), meta: { roles: ['data-authority', 'coordination-body', 'leading-group'], title: 'provider.nav.providers', section: 'authority', order: 61 } },
  // Detail (no menu entry)
  { path: 'datasets/:id', component: () => import('@/areas/provider/DatasetDetailPage.vue'), meta: { roles: CATALOG_READERS, title: 'provider.nav.catalog' } },
]
