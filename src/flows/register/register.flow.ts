import { Inject, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { AlreadyRegisteredError } from '../../airtable/registration-store.error.js';
import { RegistrationStore, type Registration } from '../../airtable/registration-store.port.js';
import {
  choiceOf,
  ConversationFlow,
  Flow,
  type FlowTimeouts,
  type StepContext,
  type StepTimeout,
} from '../core/index.js';
import { registerConfig } from './register.config.js';
import { confirmChoices, REGISTER_TEXTS } from './register.texts.js';
import { cityProblem, emailProblem, nameProblem } from './register.validators.js';

type RegisterState = Partial<Record<'name' | 'email' | 'city', string>>;
type Ctx = StepContext<RegisterState, typeof REGISTER_TEXTS>;

/** Name, email and city, then a summary to confirm: Confirm stores one record; a registered number is told so. */
@Flow({ id: 'register', title: 'Register', description: 'Sign up with your name, email and city', menuOrder: 10 })
export class RegisterFlow extends ConversationFlow<RegisterState, typeof REGISTER_TEXTS> {
  private readonly logger = new Logger(RegisterFlow.name);
  readonly texts = REGISTER_TEXTS;

  /** Every step waits the same: one reminder, then the registration is cancelled and nothing is saved. */
  override readonly timeouts: FlowTimeouts<'name' | 'email' | 'city' | 'confirm', typeof REGISTER_TEXTS>;

  constructor(
    private readonly registrations: RegistrationStore,
    @Inject(registerConfig.KEY) config: ConfigType<typeof registerConfig>,
  ) {
    super();
    const silence: StepTimeout<typeof REGISTER_TEXTS> = {
      remindAfter: { seconds: config.remindAfterSeconds },
      reminder: 'stillThere',
      expireAfter: { seconds: config.expireAfterSeconds },
      expiry: 'expired',
    };
    this.timeouts = { name: silence, email: silence, city: silence, confirm: silence };
  }

  readonly steps = this.define(
    {
      start: async (ctx) =>
        (await this.registrations.findByPhone(ctx.user.ref)) ? ctx.leave(ctx.t('alreadyRegistered')) : ctx.goTo('name'),
      confirm: {
        ask: (ctx) => ctx.reply.choices(ctx.t('summary', ctx.state), confirmChoices(ctx.t)),
        answer: async (ctx) => {
          const { name, email, city } = ctx.state;
          const choice = choiceOf(ctx, confirmChoices(ctx.t));
          // Edit starts over; so does a confirm without answers, which only a bug or a tampered store can cause.
          if (choice === 'register:edit' || !name || !email || !city) return ctx.goTo('name');
          if (choice === 'register:confirm') return this.save(ctx, { name, email, city, phone: ctx.user.ref });
          await ctx.reply.text(ctx.t('confirmHint'));
          ctx.goTo('confirm'); // shows the summary again
        },
      },
    },
    this.form(
      {
        name: { prompt: 'askName', validate: nameProblem, reask: 'badName' },
        email: {
          prompt: (ctx) => ctx.t('askEmail', ctx.state.name ?? ''),
          validate: emailProblem,
          reask: 'badEmailFor',
        },
        city: { prompt: 'askCity', validate: cityProblem, reask: 'badCity' },
      },
      { next: 'confirm' },
    ),
  );

  /** A failed write keeps the user on Confirm with the answers, so tapping it again retries. */
  private async save(ctx: Ctx, registration: Registration): Promise<void> {
    try {
      await this.registrations.create(registration);
    } catch (error) {
      if (error instanceof AlreadyRegisteredError) return ctx.leave(ctx.t('alreadyRegistered'));
      this.logger.error({ err: error, waId: maskPhone(ctx.user.ref) }, 'registration could not be saved');
      return ctx.reply.text(ctx.t('saveFailed'));
    }
    this.logger.log({ waId: maskPhone(ctx.user.ref) }, 'registration saved');
    await ctx.leave(ctx.t('welcome', registration.name));
  }
}
