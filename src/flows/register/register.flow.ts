import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { AlreadyRegisteredError } from '../../airtable/registration-store.error.js';
import { RegistrationStore } from '../../airtable/registration-store.port.js';
import { Flow, type ConversationFlow, type FlowContext, type FlowSteps } from '../core/index.js';
import { CONFIRM_BUTTONS, REGISTER_TEXT } from './register.texts.js';
import { cityProblem, emailProblem, nameProblem, normalizeAnswer } from './register.validators.js';

type Step = 'name' | 'email' | 'city' | 'confirm';
interface RegisterState {
  name?: string;
  email?: string;
  city?: string;
}
type Ctx = FlowContext<Step, RegisterState>;

const firstNameOf = (name: string) => name.split(' ')[0];

/**
 * Registration: full name, email and city, one question at a time, then a summary to confirm.
 * On Confirm exactly one record is stored; a number that is already registered is told so.
 */
@Injectable()
@Flow({ id: 'register', title: 'Register', description: 'Sign up with your name, email and city', menuOrder: 10 })
export class RegisterFlow implements ConversationFlow<Step, RegisterState> {
  private readonly logger = new Logger(RegisterFlow.name);

  constructor(private readonly registrations: RegistrationStore) {}

  async start(ctx: Ctx): Promise<void> {
    if (await this.registrations.findByPhone(ctx.waId)) return ctx.leave(REGISTER_TEXT.alreadyRegistered);
    await ctx.reply.text(REGISTER_TEXT.askName);
    ctx.goTo('name');
  }

  readonly steps: FlowSteps<Step, RegisterState> = {
    name: async (ctx) => {
      const name = normalizeAnswer(ctx.text);
      const problem = nameProblem(name);
      if (problem) return ctx.reply.text(REGISTER_TEXT.badName(problem));
      ctx.state.name = name;
      await ctx.reply.text(REGISTER_TEXT.askEmail(firstNameOf(name)));
      ctx.goTo('email');
    },

    email: async (ctx) => {
      const email = normalizeAnswer(ctx.text);
      const problem = emailProblem(email);
      if (problem)
        return ctx.reply.text(problem === 'formulaStart' ? REGISTER_TEXT.formulaStart : REGISTER_TEXT.badEmail);
      ctx.state.email = email;
      await ctx.reply.text(REGISTER_TEXT.askCity);
      ctx.goTo('city');
    },

    city: async (ctx) => {
      const city = normalizeAnswer(ctx.text);
      const problem = cityProblem(city);
      if (problem) return ctx.reply.text(REGISTER_TEXT.badCity(problem));
      ctx.state.city = city;
      await this.showSummary(ctx);
      ctx.goTo('confirm');
    },

    confirm: async (ctx) => {
      const choice = ctx.buttonId ?? `register:${normalizeAnswer(ctx.text).toLowerCase()}`;
      if (choice === 'register:edit') {
        ctx.state.name = ctx.state.email = ctx.state.city = undefined;
        await ctx.reply.text(REGISTER_TEXT.askName);
        return ctx.goTo('name');
      }
      if (choice !== 'register:confirm') {
        await ctx.reply.text(REGISTER_TEXT.confirmHint);
        return this.showSummary(ctx);
      }
      await this.save(ctx);
    },
  };

  private async save(ctx: Ctx): Promise<void> {
    const { name, email, city } = ctx.state;
    // A state without answers can only come from a bug or a tampered store: start over rather than save it.
    if (!name || !email || !city) return this.start(ctx);
    try {
      await this.registrations.create({ name, email, city, phone: ctx.waId });
    } catch (error) {
      if (error instanceof AlreadyRegisteredError) return ctx.leave(REGISTER_TEXT.alreadyRegistered);
      // Stay on this step with the answers kept, so tapping Confirm again retries.
      this.logger.error({ err: error, waId: maskPhone(ctx.waId) }, 'registration could not be saved');
      return ctx.reply.text(REGISTER_TEXT.saveFailed);
    }
    this.logger.log({ waId: maskPhone(ctx.waId) }, 'registration saved');
    await ctx.leave(REGISTER_TEXT.welcome(firstNameOf(name)));
  }

  private async showSummary(ctx: Ctx): Promise<void> {
    const { name = '', email = '', city = '' } = ctx.state;
    await ctx.reply.buttons(REGISTER_TEXT.summary({ name, email, city }), [...CONFIRM_BUTTONS]);
  }
}
