import type { ConfigType } from '@nestjs/config';
import type { webhookConfig } from '../webhook/webhook.config.js';
import type { WhatsAppConfig } from '../whatsapp/whatsapp.config.js';
import type { SimulatorSettings } from './simulator.config.js';
import type { BusinessIdentity } from './webhook-payload.builder.js';

/**
 * Ids of the example business in Meta's webhook examples, used when WP_PHONE_ID is unset (local mode), so the
 * simulated webhooks look exactly like the spec's.
 */
const EXAMPLE_BUSINESS: BusinessIdentity = {
  wabaId: '419561257915477',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
};

/** What the page calls the bot: the name a WhatsApp user sees in the chat header. */
const BOT_DISPLAY_NAME = 'WhatsApp Bot';

/** What the simulator needs to know about this instance, resolved once at boot. */
export class SimulatorContext {
  readonly business: BusinessIdentity;
  readonly botName = BOT_DISPLAY_NAME;
  /** The Graph path the bot's sends would take, shown in the inspector: `/v23.0/{phone-number-id}/messages`. */
  readonly graphPath: string;
  /** Signs webhooks as Meta does when set (WP_APP_SECRET), so the signature guard runs. */
  readonly appSecret: string | undefined;
  /** Beside a real Graph transport only fictional numbers may be simulated (see ParseRules). */
  readonly fictionalNumbersOnly: boolean;

  constructor(
    whatsapp: WhatsAppConfig,
    webhook: ConfigType<typeof webhookConfig>,
    readonly settings: SimulatorSettings,
  ) {
    this.business = { ...EXAMPLE_BUSINESS, phoneNumberId: whatsapp.phoneNumberId ?? EXAMPLE_BUSINESS.phoneNumberId };
    this.graphPath = `/${whatsapp.apiVersion}/${this.business.phoneNumberId}/messages`;
    this.appSecret = webhook.appSecret;
    this.fictionalNumbersOnly = settings.besideRealGraph;
  }
}
