import type { Routes } from '../types'

/** The provider area's pages (src/areas/provider); meta.roles decides who sees them, the API decides what they may do. */
export const providerRoutes: Routes = []
