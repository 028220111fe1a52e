import { ref } from 'vue'
import { api, unwrap } from '@/api/client'
import type { components } from '@/api/schema'

export type Notification = components['schemas']['NotificationDto']
export type TodoItem = components['schemas']['TodoDto']

/** The signed-in user's unread count, shown on the header's bell; refreshed by the inbox page and every minute. */
export const unreadCount = ref(0)

export async function refreshUnread(): Promise<void> {
  try {
    const r = await unwrap(api.GET('/api/v1/notifications/unread-count'))
    unreadCount.value = Number(r?.unread ?? 0)
  } catch {
    // the bell is a hint: a failed count keeps the last one
  }
}

/** The console page of an API path: /api/v1/products/P-1 is /products/P-1 in the console. */
export function consolePath(apiPath: string): string {
  return apiPath.startsWith('/api/v1/') ? apiPath.slice('/api/v1'.length) : apiPath
}
