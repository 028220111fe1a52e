import type { Routes } from '../types'

/** The supervision area's pages (src/areas/supervision); meta.roles decides who sees them, the API decides what they may do. */
export const supervisionRoutes: Routes = []
