import type { Routes } from '../types'

const WORKERS = ['operator-engineer', 'operator-accountable'] as const
const WORKSPACE_READERS = ['operator-engineer', 'operator-accountable', 'data-authority', 'security-supervisor'] as const

/** The products area's pages (src/areas/products); meta.roles decides who sees them, the API decides what they may do. */
export const productsRoutes: Routes = [
  { path: 'jobs', component: () => import('@/areas/products/JobsPage.vue'), meta: { roles: WORKERS, title: 'products.nav.jobs', section: 'workspace', order: 40 } },
  { path: 'jobs/:id', component: () => import('@/areas/products/JobDetailPage.vue'), meta: { roles: WORKSPACE_READERS, title: 'products.nav.job' } },
  { path: 'table-lineage', component: () => import('@/areas/products/TableLineagePage.vue'), meta: { roles: WORKERS, title: 'products.nav.lineage', section: 'workspace', order: 50 } },
  { path: 'products', component: () => import('@/areas/products/ProductsPage.vue'), meta: { roles: WORKERS, title: 'products.nav.products', section: 'workspace', order: 60 } },
  { path: 'products/:id', component: () => import('@/areas/products/ProductDetailPage.vue'), meta: { title: 'products.nav.product' } },
  { path: 'product-listing', component: () => import('@/areas/products/ProductsPage.vue'), props: { defaultState: 'APPROVED' }, meta: { roles: ['data-authority'], title: 'products.nav.listing', section: 'authority', order: 60 } },
  { path: 'review/products', component: () => import('@/areas/products/ReviewQueuePage.vue'), meta: { roles: ['expert-reviewer'], title: 'products.nav.queue', section: 'review', order: 10 } },
  { path: 'review/products/:id', component: () => import('@/areas/products/ProductDetailPage.vue'), props: { review: true }, meta: { roles: ['expert-reviewer', 'data-authority', 'security-supervisor'], title: 'products.nav.review' } },
]
