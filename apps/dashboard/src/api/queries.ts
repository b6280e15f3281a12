import { useQuery } from '@tanstack/react-query';
import { analyticsApi, enrollmentApi, read } from './client';
import type { Identity, IdentityDetail, Sequence, SequenceOverview, SequenceSnapshot } from './types';

/** How often the live screens ask again: outcomes arrive over seconds, not milliseconds. */
export const LIVE_REFRESH_MS = 2000;

export function useSequence(sequenceId: string) {
  return useQuery({
    queryKey: ['sequence', sequenceId],
    queryFn: () =>
      read<Sequence>(enrollmentApi.GET('/v1/sequences/{sequenceId}', { params: { path: { sequenceId } } })),
  });
}

export function useSequences(archived: boolean) {
  return useQuery({
    queryKey: ['sequences', archived],
    queryFn: () =>
      read<{ items: Sequence[] }>(
        enrollmentApi.GET('/v1/sequences', { params: { query: archived ? { status: 'archived' } : {} } }),
      ),
  });
}

export function useIdentities() {
  return useQuery({
    queryKey: ['identities'],
    queryFn: () => read<{ items: Identity[] }>(enrollmentApi.GET('/v1/identities')),
  });
}

export function useIdentity(identityId: string) {
  return useQuery({
    queryKey: ['identities', identityId],
    queryFn: () =>
      read<IdentityDetail>(enrollmentApi.GET('/v1/identities/{identityId}', { params: { path: { identityId } } })),
  });
}

export function useSnapshot(sequenceId: string) {
  return useQuery({
    queryKey: ['snapshot', sequenceId],
    queryFn: () =>
      read<SequenceSnapshot>(
        analyticsApi.GET('/v1/sequences/{sequenceId}/snapshot', { params: { path: { sequenceId } } }),
      ),
    refetchInterval: LIVE_REFRESH_MS,
  });
}

export function useOverview(sequenceId: string, live = true) {
  return useQuery({
    queryKey: ['overview', sequenceId],
    queryFn: () =>
      read<SequenceOverview>(
        analyticsApi.GET('/v1/sequences/{sequenceId}/overview', { params: { path: { sequenceId } } }),
      ),
    refetchInterval: live ? LIVE_REFRESH_MS : false,
  });
}
