import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SigningKey } from '@lib/exports';
import { Public } from '../auth/access.decorators';

export const EXPORT_SIGNING_KEY = Symbol('EXPORT_SIGNING_KEY');

@ApiTags('exports')
@Controller('signing-keys')
export class SigningKeysController {
  constructor(@Inject(EXPORT_SIGNING_KEY) private readonly key: SigningKey) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The public keys that sign export manifests (Ed25519, SPKI PEM), for `verify-export --key`',
  })
  keys() {
    return { keys: [{ keyId: this.key.keyId, algorithm: 'Ed25519', publicKeyPem: this.key.publicKeyPem }] };
  }
}
