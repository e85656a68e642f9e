import type Redis from 'ioredis';
import {
  documentKeys,
  type DispensationRecord,
  type LotIndex,
  type LotSummary,
  type ParticipantIndex,
} from '../model/documents';
import type { ProjectionStatus } from '../runner/projection-status';
import { ReadModelKeys } from './read-model-keys';

/** The read models as the API queries them. Each answer is as fresh as the checkpoint. */
export class ReadModels {
  private readonly keys: ReadModelKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new ReadModelKeys(prefix);
  }

  /** The registrant's lots, in the order they were received. */
  async lotsOf(registrantId: string): Promise<LotSummary[]> {
    const index = await this.document<LotIndex>(documentKeys.registrantLots(registrantId));
    return this.documents<LotSummary>((index?.lotIds ?? []).map(documentKeys.lot));
  }

  lot(lotId: string): Promise<LotSummary | null> {
    return this.document<LotSummary>(documentKeys.lot(lotId));
  }

  /** The participant's dispensations at this registrant, oldest first. */
  async participantDispensations(registrantId: string, participantId: string): Promise<DispensationRecord[]> {
    const index = await this.document<ParticipantIndex>(documentKeys.participant(registrantId, participantId));
    return this.documents<DispensationRecord>((index?.dispensationIds ?? []).map(documentKeys.dispensation));
  }

  /** Global position of the last event the read models hold; null while they hold none (new, flushed, rebuilding). */
  async checkpoint(): Promise<bigint | null> {
    const value = await this.redis.get(this.keys.checkpoint);
    return value === null ? null : BigInt(value);
  }

  /** What the projection runner last reported; null if none ever ran against this Redis. */
  async status(): Promise<ProjectionStatus | null> {
    return parsed<ProjectionStatus>(await this.redis.get(this.keys.status));
  }

  private async document<T>(key: string): Promise<T | null> {
    return parsed<T>(await this.redis.get(this.keys.document(key)));
  }

  private async documents<T>(keys: string[]): Promise<T[]> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys.map((key) => this.keys.document(key)));
    return values.flatMap((value) => (value === null ? [] : [JSON.parse(value) as T]));
  }
}

const parsed = <T>(value: string | null): T | null => (value === null ? null : (JSON.parse(value) as T));
