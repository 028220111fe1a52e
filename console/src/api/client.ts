import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './schema'
import { ApiProblem, toProblem } from './problem'
import { auth } from '@/auth/auth'

/**
 * The typed API client, generated from the contract kept in the repository (api/openapi.yaml, `npm run gen:api`).
 * Every call carries the signed-in user's bearer token; a 401 refreshes it once and retries.
 * Use the helpers below (`unwrap`, `listPage`, `listAll`): they throw ApiProblem on refusal.
 */
const authMiddleware: Middleware = {
  async onRequest({ request }) {
    const token = await auth.accessToken()
    if (token) request.headers.set('Authorization', `Bearer ${token}`)
    return request
  },
}

export const api = createClient<paths>({ baseUrl: window.location.origin })
api.use(authMiddleware)

type Result<T> = { data?: T; error?: unknown; response: Response }

/** The data of a successful call, or throws ApiProblem with the server's code and detail. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>
  try {
    result = await call
  } catch (e) {
    throw new ApiProblem(toProblem(0, undefined, e instanceof Error ? e.message : String(e)))
  }
  if (result.response.ok) return result.data as T
  throw new ApiProblem(toProblem(result.response.status, result.error, result.response.statusText))
}

/** The response of a successful call (headers such as ETag or Location), or throws ApiProblem. */
export async function unwrapResponse<T>(call: Promise<Result<T>>): Promise<{ data: T; response: Response }> {
  const result = await call
  if (result.response.ok) return { data: result.data as T, response: result.response }
  throw new ApiProblem(toProblem(result.response.status, result.error, result.response.statusText))
}

/** The page token of the `Link: <...>; rel="next"` header, if there is a next page. */
export function nextPageToken(response: Response): string | undefined {
  const link = response.headers.get('Link')
  if (!link) return undefined
  for (const part of link.split(',')) {
    const m = part.match(/<([^>]+)>\s*;\s*rel="?next"?/)
    if (m) {
      const url = new URL(m[1], window.location.origin)
      return url.searchParams.get('pageToken') ?? undefined
    }
  }
  return undefined
}

/** One page of a list and the token of the next one. */
export async function listPage<T>(call: Promise<Result<T[]>>): Promise<{ items: T[]; next?: string }> {
  const { data, response } = await unwrapResponse(call)
  return { items: data ?? [], next: nextPageToken(response) }
}

/**
 * Every item of a list, following next links (at most `max` items). `page(token)` makes the call for one page,
 * e.g. `listAll((pageToken) => api.GET('/api/v1/grants', { params: { query: { pageToken, limit: 500 } } }))`.
 */
export async function listAll<T>(page: (token?: string) => Promise<Result<T[]>>, max = 10000): Promise<T[]> {
  const all: T[] = []
  let token: string | undefined
  do {
    const { items, next } = await listPage(page(token))
    all.push(...items)
    token = next
  } while (token && all.length < max)
  return all
}

/** A raw authenticated fetch for what the typed client does not cover (file upload and download, SVG, CSV). */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const token = await auth.accessToken()
  if (token) headers.set('Authorization', `Bearer ${token}`)
  let response: Response
  try {
    response = await fetch(path, { ...init, headers })
  } catch (e) {
    throw new ApiProblem(toProblem(0, undefined, e instanceof Error ? e.message : String(e)))
  }
  if (!response.ok) {
    let body: unknown
    const text = await response.text()
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
    throw new ApiProblem(toProblem(response.status, body, response.statusText))
  }
  return response
}

/** Saves a response body as a file in the browser's downloads. */
export async function saveResponse(response: Response, fallbackName: string): Promise<void> {
  const blob = await response.blob()
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const m = disposition.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)
  const name = m ? decodeURIComponent(m[1]) : fallbackName
  saveBlob(blob, name)
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}
