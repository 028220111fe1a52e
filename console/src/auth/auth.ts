import { reactive } from 'vue'
import { challengeOf, randomToken } from './pkce'

/**
 * Sign-in by OIDC authorization code with PKCE (RFC 6749 + RFC 7636), for every mode: production against the
 * realm's issuer (Keycloak), embedded mode against the development issuer, whose authorization page lets a newcomer
 * pick a demo user. Where to go comes from GET /api/v1/auth (public). Tokens live in this tab's sessionStorage only;
 * the access token is refreshed shortly before it expires and once more after a 401.
 */
export interface AuthConfig {
  issuer: string
  clientId: string
  consoleClientId: string
  audience: string
  authorizationEndpoint: string
  tokenEndpoint: string
  endSessionEndpoint?: string | null
  devIssuer: boolean
}

interface Tokens {
  accessToken: string
  refreshToken?: string
  idToken?: string
  expiresAt: number
}

const TOKENS = 'shuyu.tokens'
const PENDING = 'shuyu.login'

export const authState = reactive({
  config: undefined as AuthConfig | undefined,
  signedIn: false,
  error: undefined as string | undefined,
})

let refreshing: Promise<string | undefined> | undefined

function redirectUri(): string {
  return window.location.origin + '/'
}

function readTokens(): Tokens | undefined {
  const raw = sessionStorage.getItem(TOKENS)
  if (!raw) return undefined
  try {
    return JSON.parse(raw) as Tokens
  } catch {
    return undefined
  }
}

function storeTokens(body: Record<string, unknown>, previous?: Tokens): Tokens {
  const tokens: Tokens = {
    accessToken: String(body.access_token),
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : previous?.refreshToken,
    idToken: typeof body.id_token === 'string' ? body.id_token : previous?.idToken,
    expiresAt: Date.now() + (typeof body.expires_in === 'number' ? body.expires_in : 300) * 1000,
  }
  sessionStorage.setItem(TOKENS, JSON.stringify(tokens))
  authState.signedIn = true
  return tokens
}

async function loadConfig(): Promise<AuthConfig> {
  if (authState.config) return authState.config
  const response = await fetch('/api/v1/auth', { headers: { Accept: 'application/json' } })
  if (!response.ok) throw new Error(`GET /api/v1/auth answered ${response.status}`)
  authState.config = (await response.json()) as AuthConfig
  return authState.config
}

async function tokenRequest(form: Record<string, string>): Promise<Record<string, unknown>> {
  const config = await loadConfig()
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  })
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  if (!response.ok) {
    throw new Error(`${body.error ?? 'HTTP ' + response.status}: ${body.error_description ?? ''}`)
  }
  return body
}

export const auth = {
  /** Completes a login redirect if this page load is one; otherwise restores the tab's session. */
  async init(): Promise<void> {
    const url = new URL(window.location.href)
    const code = url.searchParams.get('code')
    const state = url.searchParams.get('state')
    const oauthError = url.searchParams.get('error')
    const pending = sessionStorage.getItem(PENDING)
    if ((code || oauthError) && state && pending) {
      const { verifier, state: expected, returnTo } = JSON.parse(pending) as { verifier: string; state: string; returnTo: string }
      sessionStorage.removeItem(PENDING)
      window.history.replaceState(null, '', '/' + (returnTo.startsWith('#') ? returnTo : '#' + returnTo))
      if (oauthError) {
        authState.error = `${oauthError}: ${url.searchParams.get('error_description') ?? ''}`
      } else if (state !== expected) {
        authState.error = 'state mismatch: the login answer does not belong to this tab; log in again'
      } else {
        try {
          const config = await loadConfig()
          const body = await tokenRequest({
            grant_type: 'authorization_code',
            code: code!,
            redirect_uri: redirectUri(),
            client_id: config.consoleClientId,
            code_verifier: verifier,
          })
          storeTokens(body)
        } catch (e) {
          authState.error = e instanceof Error ? e.message : String(e)
        }
      }
    }
    authState.signedIn = readTokens() !== undefined
    try {
      await loadConfig()
    } catch (e) {
      authState.error = e instanceof Error ? e.message : String(e)
    }
  },

  /** Sends the browser to the issuer's authorization page; it comes back to "/" with a code. */
  async login(returnTo = '/'): Promise<void> {
    const config = await loadConfig()
    const verifier = randomToken(48)
    const state = randomToken(16)
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }))
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: config.consoleClientId,
      redirect_uri: redirectUri(),
      scope: 'openid',
      state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: 'S256',
    })
    window.location.assign(`${config.authorizationEndpoint}?${params}`)
  },

  /** Forgets this tab's tokens and, in production, ends the issuer's session too. */
  logout(): void {
    const tokens = readTokens()
    sessionStorage.removeItem(TOKENS)
    authState.signedIn = false
    const config = authState.config
    if (config?.endSessionEndpoint) {
      const params = new URLSearchParams({ client_id: config.consoleClientId, post_logout_redirect_uri: redirectUri() })
      if (tokens?.idToken) params.set('id_token_hint', tokens.idToken)
      window.location.assign(`${config.endSessionEndpoint}?${params}`)
    } else {
      window.location.assign('/#/login')
    }
  },

  /** The current access token, refreshed when it expires within 30 s; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    const tokens = readTokens()
    if (!tokens) return undefined
    if (tokens.expiresAt - Date.now() > 30_000) return tokens.accessToken
    return this.refresh()
  },

  /** Uses the refresh token (rotated on use); on failure the user is signed out. */
  async refresh(): Promise<string | undefined> {
    if (refreshing) return refreshing
    refreshing = (async () => {
      const tokens = readTokens()
      if (!tokens?.refreshToken) {
        if (tokens && tokens.expiresAt > Date.now()) return tokens.accessToken
        sessionStorage.removeItem(TOKENS)
        authState.signedIn = false
        return undefined
      }
      try {
        const config = await loadConfig()
        const body = await tokenRequest({
          grant_type: 'refresh_token',
          refresh_token: tokens.refreshToken,
          client_id: config.consoleClientId,
        })
        return storeTokens(body, tokens).accessToken
      } catch {
        sessionStorage.removeItem(TOKENS)
        authState.signedIn = false
        return undefined
      }
    })()
    try {
      return await refreshing
    } finally {
      refreshing = undefined
    }
  },
}
