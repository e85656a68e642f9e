import { Injectable } from '@nestjs/common';
import { deterministicId } from '@lib/event-store';
import {
  registeredUser,
  registrantDecider,
  registrantStream,
  userDecider,
  userStream,
  type User,
  type UserEvent,
  type UserState,
} from '@lib/ledger';
import { CommandExecutor } from '../common/command-executor';
import type { RequestContext } from '../common/request-context';
import { PasswordHasher } from '../auth/passwords';
import { Aggregates } from '../store/aggregates';
import type { CreateUserRequest } from './user.dto';
import { toUserView, type UserView } from './user.view';

/** A username always maps to the same user id, so the user's own stream enforces uniqueness. */
export const userIdFor = (username: string) => deterministicId('user', username);

@Injectable()
export class UsersService {
  constructor(
    private readonly aggregates: Aggregates,
    private readonly executor: CommandExecutor,
    private readonly passwords: PasswordHasher,
  ) {}

  async findById(userId: string): Promise<User | null> {
    const { state } = await this.aggregates.load(userStream(userId), userDecider);
    return state.status === 'registered' ? state : null;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.findById(userIdFor(username));
  }

  async create(request: CreateUserRequest, context: RequestContext): Promise<UserView> {
    const userId = userIdFor(request.username);
    const knownRegistrantIds = await this.existingRegistrants(request.registrantIds);
    const { password, ...user } = request;
    const passwordHash = await this.passwords.hash(password);
    return this.execute(userId, context, (s) =>
      userDecider.decide(
        { type: 'RegisterUser', data: { userId, ...user, passwordHash }, actor: context.user, knownRegistrantIds },
        s,
      ),
    );
  }

  deactivate(userId: string, context: RequestContext): Promise<UserView> {
    return this.execute(userId, context, (s) => userDecider.decide({ type: 'DeactivateUser', actor: context.user }, s));
  }

  private async execute(
    userId: string,
    context: RequestContext,
    decide: (state: UserState) => UserEvent[],
  ): Promise<UserView> {
    const run = { streamId: userStream(userId), decider: userDecider, decide, registrantId: null };
    const { state } = await this.executor.administer(run, context);
    return toUserView(registeredUser(state));
  }

  private async existingRegistrants(ids: string[]): Promise<string[]> {
    const loaded = await Promise.all(ids.map((id) => this.aggregates.load(registrantStream(id), registrantDecider)));
    return ids.filter((_, i) => loaded[i].state.status === 'registered');
  }
}
