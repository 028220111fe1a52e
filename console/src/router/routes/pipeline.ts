import type { Routes } from '../types'

/** The pipeline area's pages (src/areas/pipeline); meta.roles decides who sees them, the API decides what they may do. */
export const pipelineRoutes: Routes = []
