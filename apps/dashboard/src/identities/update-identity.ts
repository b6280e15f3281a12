import { enrollmentApi, read } from '../api/client';
import type { paths } from '../api/generated/enrollment';
import type { IdentityDetail } from '../api/types';

export type UpdateIdentityBody = NonNullable<
  paths['/v1/identities/{identityId}']['patch']['requestBody']
>['content']['application/json'];

/** PATCH through the typed client; the answer is the identity as GET shows it (secrets "set"). */
export function updateIdentity(identityId: string, body: UpdateIdentityBody): Promise<IdentityDetail> {
  return read<IdentityDetail>(
    enrollmentApi.PATCH('/v1/identities/{identityId}', { params: { path: { identityId } }, body }),
  );
}
