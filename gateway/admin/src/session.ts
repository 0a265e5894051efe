import { ApiError, requestJson } from './api.js';

interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** The signed-in user as GET /users/me answers. */
export interface User {
  id: number;
  email: string;
  full_name: string;
  role: 'customer' | 'admin';
}

/** Refresh this long before the access token expires (or at half its life, if shorter). */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The console's session: tokens kept in this closure only (no storage a script or another tab could
 * read), the pair traded through /users/refresh before the access token expires, logout revoking it.
 */
export interface Session {
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  /** An API call as the signed-in user. */
  call<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
}

/** `onEnded` runs when the session ends without a sign-out (a refresh refused). */
export function createSession(onEnded: (reason: string) => void): Session {
  let tokens: TokenPair | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function hold(pair: TokenPair): void {
    tokens = pair;
    clearTimeout(refreshTimer);
    const lifeMs = pair.expires_in * 1000;
    refreshTimer = setTimeout(refreshTokens, Math.max(lifeMs / 2, lifeMs - REFRESH_MARGIN_MS));
  }

  function forget(): void {
    tokens = undefined;
    clearTimeout(refreshTimer);
  }

  async function refreshTokens(): Promise<void> {
    if (!tokens) return;
    try {
      hold(
        await requestJson<TokenPair>('/users/refresh', {
          method: 'POST',
          body: { refresh_token: tokens.refresh_token },
        }),
      );
    } catch (error) {
      forget();
      onEnded(
        error instanceof ApiError ? `Your session ended (${error.message}). Sign in again.` : String(error),
      );
    }
  }

  return {
    async signIn(email, password) {
      hold(await requestJson<TokenPair>('/users/login', { method: 'POST', body: { email, password } }));
      return this.call<User>('/users/me');
    },
    async signOut() {
      const token = tokens?.access_token;
      forget();
      if (token) await requestJson('/users/logout', { method: 'POST', token });
    },
    call(path, init = {}) {
      if (!tokens) return Promise.reject(new ApiError({ status: 401, title: 'Not signed in' }));
      return requestJson(path, { ...init, token: tokens.access_token });
    },
  };
}
