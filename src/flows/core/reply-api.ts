import { Logger } from '@nestjs/common';
import type { WhatsAppClient } from '../../whatsapp/whatsapp.client.js';
import { splitText } from '../../whatsapp/split-text.js';
import type { MediaMessage } from '../../whatsapp/outbound-message.js';
import { choicesLayout } from './choices-layout.js';
import { CORE_TEXTS } from './core.texts.js';
import type { ReplyApi } from './flow-context.js';
import type { Language } from './languages.js';
import { translate } from './texts.js';

const logger = new Logger('ReplyApi');

/**
 * The reply API of one inbound message: every call answers `to`, the message's sender. `language` is read at
 * each call, since the user may switch language during the message (the `language` command confirms in the new one).
 */
export function createReplyApi(
  client: WhatsAppClient,
  to: string,
  messageId: string,
  language: () => Language,
): ReplyApi {
  return {
    async text(body, options) {
      // Sequential on purpose: WhatsApp shows messages in the order they were sent.
      for (const chunk of splitText(body)) await client.sendText(to, chunk, { previewUrl: options?.previewUrl });
    },
    async choices(body, options, extras = {}) {
      const { buttonLabel, ...interactive } = extras;
      const layout = choicesLayout(options);
      if (layout.kind === 'buttons') {
        await client.sendButtons(to, { body, buttons: layout.buttons, ...interactive });
        return;
      }
      if (layout.dropped > 0)
        logger.warn({ shown: layout.rows.length, dropped: layout.dropped }, 'choices cut to ten rows');
      await client.sendList(to, {
        body,
        buttonLabel: buttonLabel ?? translate(CORE_TEXTS, language(), 'listButton', []),
        sections: [{ rows: layout.rows }],
        ...interactive,
      });
    },
    async buttons(body, buttons, options) {
      await client.sendButtons(to, { body, buttons, ...options });
    },
    async list(body, buttonLabel, sections, options) {
      await client.sendList(to, { body, buttonLabel, sections, ...options });
    },
    async ctaUrl(body, displayText, url, options) {
      await client.sendCtaUrl(to, { body, displayText, url, ...options });
    },
    async media(kind, source, options) {
      // Captions and file names are checked per kind by the builder, which names the broken rule.
      await client.sendMedia(to, { kind, ...source, ...options } as MediaMessage);
    },
    async location(location) {
      await client.sendLocation(to, location);
    },
    async locationRequest(body) {
      await client.sendLocationRequest(to, body);
    },
    async react(emoji) {
      await client.sendReaction(to, messageId, emoji);
    },
  };
}
