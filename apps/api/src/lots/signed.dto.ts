import { Instant, Nested, NestedList, Text } from '../common/fields';

export class SignatureDto {
  @Text({ max: 1024, description: "The acting user's own password, re-entered to sign (21 CFR 11.200)." })
  password!: string;
}

export class WitnessDto {
  @Text({ max: 64, example: 'ivy.investigator' }) username!: string;
  @Text({ max: 1024, description: "The witness's own password." }) password!: string;
}

/** Every ledger command is signed and says when the physical act happened. */
export class SignedRequest {
  @Nested(SignatureDto) signature!: SignatureDto;
  @Instant({ description: 'When the physical act happened; not in the future.' }) occurredAt!: string;
}

/** Commands that need a second person. A missing or wrong witness is 422 WITNESS_INVALID. */
export class WitnessedRequest extends SignedRequest {
  @NestedList(WitnessDto, { optional: true, max: 5, description: 'Exactly one witness.' })
  witnesses?: WitnessDto[];
}
