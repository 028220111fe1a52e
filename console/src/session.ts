import { reactive } from 'vue'
import { api, unwrap } from '@/api/client'

/** Realm role names as GET /api/v1/me answers them. The API decides; the console only shows what fits the roles. */
export type Role =
  | 'data-authority'
  | 'data-provider'
  | 'operator-accountable'
  | 'operator-engineer'
  | 'expert-reviewer'
  | 'security-supervisor'
  | 'coordination-body'
  | 'leading-group'

export const ALL_ROLES: Role[] = [
  'data-authority', 'coordination-body', 'leading-group', 'data-provider',
  'operator-accountable', 'operator-engineer', 'expert-reviewer', 'security-supervisor',
]

export interface Me {
  userId: string
  name: string
  roles: Role[]
  jurisdiction?: string
}

export const session = reactive({
  me: undefined as Me | undefined,
})

export async function loadMe(): Promise<Me> {
  const me = await unwrap(api.GET('/api/v1/me'))
  session.me = { userId: me.userId ?? '', name: me.name ?? '', roles: (me.roles ?? []) as Role[], jurisdiction: me.jurisdiction }
  return session.me
}

/** True when the signed-in user has any of the roles (no roles listed: everyone signed in). */
export function hasAnyRole(roles?: readonly Role[]): boolean {
  if (!roles || roles.length === 0) return true
  return !!session.me && session.me.roles.some((r) => roles.includes(r))
}
