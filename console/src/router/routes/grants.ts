import type { Routes } from '../types'

/** The grants area's pages (src/areas/grants); meta.roles decides who sees them, the API decides what they may do. */
export const grantsRoutes: Routes = []
