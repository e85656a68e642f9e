import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DispenseRequest } from '../../apps/api/src/lots/lot-command.dto';
import { StrictValidationPipe } from '../../apps/api/src/common/validation.pipe';
import { dispenseBody, serve } from './child';

/** H: NestJS on Fastify validating the ledger's own dispense DTO, and nothing else. */
@Controller()
class BareController {
  @Post('dispense')
  @HttpCode(201)
  dispense(@Body() body: DispenseRequest): { accepted: true; quantity: number } {
    return { accepted: true, quantity: body.quantity };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

serve(async () => {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.useGlobalPipes(new StrictValidationPipe());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { port, paths: ['/dispense'], headers: {}, body: dispenseBody(randomUUID(), 'a-long-enough-password') };
});
