import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityId, isoDateTime } from '../dto.js';

export const userDeleted = defineEvent({
  type: 'user.deleted',
  version: 1,
  description:
    'A user account was deleted: the gateway refuses its tokens, the order service stops acting for it.',
  producer: 'auth',
  consumers: ['gateway', 'order'],
  data: z.strictObject({ user_id: entityId }),
});

export const sessionRevoked = defineEvent({
  type: 'session.revoked',
  version: 1,
  description:
    'A session was revoked (logout, password change, refresh-token reuse, account deletion); the gateway ' +
    'refuses its access tokens until expires_at, when they would have expired anyway.',
  producer: 'auth',
  consumers: ['gateway'],
  data: z.strictObject({
    session_id: z.uuid(),
    user_id: entityId,
    expires_at: isoDateTime,
  }),
});
