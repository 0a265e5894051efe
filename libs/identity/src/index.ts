export { AccessTokenVerifier, keysOf, type RevocationCheck } from './access-token-verifier.js';
export {
  ACCESS_AUDIENCE,
  ACCESS_TOKEN_TTL_SECONDS,
  type AccessClaims,
  accessClaimsSchema,
  type Principal,
  principalOf,
  REFRESH_AUDIENCE,
  REFRESH_TOKEN_TTL_SECONDS,
  type RefreshClaims,
  type Role,
  refreshClaimsSchema,
  roles,
} from './claims.js';
export {
  DEVELOPMENT_INTERNAL_TOKEN,
  INTERNAL_TOKEN_HEADER,
  internalCredentialHeaders,
  internalTokenSetting,
  requireInternalCredential,
  requireInternalTokenInProduction,
} from './internal-credential.js';
export { JwksKeyStore, type JwksKeyStoreOptions } from './jwks-key-store.js';
export { CLOCK_SKEW_SECONDS, type KeyLookup, TokenSigner, verifyJwt } from './jwt.js';
export { authenticate, bearerToken, currentUser, requireUser } from './middleware.js';
export { refuseDevelopmentCredentialsInProduction } from './production-credentials.js';
export { type RetryOptions, retryWithBackoff } from './retry-with-backoff.js';
export { RevocationLoader, type RevocationLoaderOptions } from './revocation-loader.js';
export { RevocationSet } from './revocation-set.js';
