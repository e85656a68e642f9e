import { Param, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { LedgerError } from '@lib/ledger';

/** An id in the path that is not a UUID names nothing: 404, like any unknown id. */
class UuidOrNotFound implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new LedgerError('NOT_FOUND', 'Not found.');
    return value.toLowerCase();
  }
}

export const UuidParam = (name: string) => Param(name, new UuidOrNotFound());
