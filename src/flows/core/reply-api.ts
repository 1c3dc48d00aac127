import type { WhatsAppClient } from '../../whatsapp/whatsapp.client.js';
import { splitText } from '../../whatsapp/split-text.js';
import type { MediaMessage } from '../../whatsapp/outbound-message.js';
import type { ReplyApi } from './flow-context.js';

/** The reply API of one inbound message: every call answers `to`, the message's sender. */
export function createReplyApi(client: WhatsAppClient, to: string, messageId: string): ReplyApi {
  return {
    async text(body, options) {
      // Sequential on purpose: WhatsApp shows messages in the order they were sent.
      for (const chunk of splitText(body)) await client.sendText(to, chunk, { previewUrl: options?.previewUrl });
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
