import type { Session } from '../core/resources/session.js';
import type { SignInUserSummary } from './events.js';

/**
 * The user as events and state report it: from the session's `user`, falling back to its
 * `public_user_data` for the fields both carry.
 */
export function toUserSummary(session: Session): SignInUserSummary {
  const user = session.user;
  const data = session.publicUserData;
  return Object.freeze({
    id: user?.id ?? data?.userId ?? '',
    firstName: user?.firstName ?? data?.firstName ?? null,
    lastName: user?.lastName ?? data?.lastName ?? null,
    username: user?.username ?? null,
    primaryEmailAddress: user?.primaryEmailAddress?.emailAddress ?? null,
    primaryPhoneNumber: user?.primaryPhoneNumber?.phoneNumber ?? null,
    imageUrl: user?.imageUrl ?? data?.imageUrl ?? null,
  });
}
