import type { Routes } from '../types'

/** The workspace area's pages (src/areas/workspace); meta.roles decides who sees them, the API decides what they may do. */
export const workspaceRoutes: Routes = []
