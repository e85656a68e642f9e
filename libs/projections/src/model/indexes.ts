import type { LotIndex, ParticipantIndex } from './documents';

const appended = (ids: string[], id: string) => (ids.includes(id) ? ids : [...ids, id]);

export function withLot(index: LotIndex | undefined, registrantId: string, lotId: string, position: string): LotIndex {
  return { registrantId, lotIds: appended(index?.lotIds ?? [], lotId), position };
}

export function withDispensation(
  index: ParticipantIndex | undefined,
  registrantId: string,
  participantId: string,
  dispensationId: string,
  position: string,
): ParticipantIndex {
  return {
    registrantId,
    participantId,
    dispensationIds: appended(index?.dispensationIds ?? [], dispensationId),
    position,
  };
}
