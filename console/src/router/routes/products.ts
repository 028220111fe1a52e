import type { Routes } from '../types'

/** The products area's pages (src/areas/products); meta.roles decides who sees them, the API decides what they may do. */
export const productsRoutes: Routes = []
