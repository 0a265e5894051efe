import type { RevocationSet } from '@shop/identity';
import type { InstanceEventHandlers } from '@shop/messaging';

/** Handlers feeding `session.revoked` and `user.deleted` events into this instance's revocation set. */
export function revocationHandlers(revocations: RevocationSet): InstanceEventHandlers {
  return {
    'session.revoked': function onSessionRevoked({ data }) {
      revocations.revokeSession(data.session_id, new Date(data.expires_at));
    },
    'user.deleted': function onUserDeleted({ data }) {
      revocations.deleteUser(data.user_id);
    },
  };
}
