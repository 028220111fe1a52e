import { computed } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import { areaRoutes } from '@/router'
import type { Section } from '@/router/types'
import { hasAnyRole, session } from '@/session'

export const SECTIONS: Section[] = ['authority', 'applicant', 'provider', 'workspace', 'review', 'supervision']

export interface NavItem {
  path: string
  title: string
  order: number
}

export interface NavSection {
  section: Section
  items: NavItem[]
}

/** The pages the signed-in user's roles may open, by section, in order. */
export const navigation = computed<NavSection[]>(() => {
  void session.me
  const bySection = new Map<Section, NavItem[]>()
  for (const route of areaRoutes as RouteRecordRaw[]) {
    const meta = route.meta
    if (!meta?.section || !meta.title || !hasAnyRole(meta.roles)) continue
    const items = bySection.get(meta.section) ?? []
    items.push({ path: '/' + route.path, title: meta.title, order: meta.order ?? 100 })
    bySection.set(meta.section, items)
  }
  return SECTIONS.filter((s) => bySection.has(s)).map((section) => ({
    section,
    items: bySection.get(section)!.sort((a, b) => a.order - b.order),
  }))
})
