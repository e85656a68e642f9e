import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { Public } from '../auth/access.decorators';
import { CurrentReads } from '../reads/current-reads';
import { RedisProbe, withDeadline } from './redis-probe';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly redis: RedisProbe,
    private readonly reads: CurrentReads,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({
    summary: 'Liveness: the process answers (no dependency is checked)',
    description: 'For orchestrators: restart on failure here; take out of rotation on GET /health instead.',
  })
  live() {
    return { status: 'ok' };
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness and dependencies',
    description:
      '200 ok or degraded (Redis down or evicting: the ledger still records); 503 down when the event store cannot be reached.',
  })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const down = { status: 'down' as const };
    const [eventStore, redis, projections] = await Promise.all([
      withDeadline(this.store.ping()).then(
        () => ({ status: 'up' as const }),
        () => down,
      ),
      this.redis.check(),
      withDeadline(this.reads.lag()).catch(() => down),
    ]);
    const redisHealthy = redis.status === 'up' && redis.maxmemoryPolicy === 'noeviction';
    const status = eventStore.status === 'down' ? 'down' : redisHealthy ? 'ok' : 'degraded';
    reply.status(status === 'down' ? 503 : 200);
    return { status, checks: { eventStore, redis, projections } };
  }
}
