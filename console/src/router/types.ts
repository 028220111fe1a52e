import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/session'

/** The navigation section a page is listed under (common.nav.sections.*). */
export type Section = 'authority' | 'applicant' | 'provider' | 'workspace' | 'review' | 'supervision'

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the page; the navigation shows it only to them. Absent: any signed-in user. */
    roles?: readonly Role[]
    /** i18n key of the page title (navigation, tab title and page header). */
    title?: string
    /** Where the navigation lists it; absent: not in the navigation (detail pages). */
    section?: Section
    /** Public page (no login needed). */
    public?: boolean
    /** Order inside its section. */
    order?: number
  }
}

export type Routes = RouteRecordRaw[]
