import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { LocalRecordingTransport } from '../whatsapp/local-recording-transport.adapter.js';
import type { SimulatedMediaStore } from '../whatsapp/simulated-media-store.adapter.js';
import { SIMULATED_GRAPH, SIMULATED_MEDIA } from './simulated-graph.js';
import { PageAssets } from './page-assets.js';
import { SimulatorContext } from './simulator-context.js';
import { SimulatorHub } from './simulator-hub.service.js';
import { SimulatorWebhookClient } from './simulator-webhook.client.js';
import type { UserEntry, UserMessageContent, UserMessageRequest } from './simulator.types.js';
import { buildInboundWebhook, type InboundMessageObject } from './webhook-payload.builder.js';

/**
 * Sends a simulated user's message the way WhatsApp would: a new `wamid`, Meta's webhook JSON for it, posted
 * (signed) to this app's `/webhook`. The message and the exact JSON are recorded first, so the read receipt the
 * bot sends while the webhook is still answering finds them.
 */
@Injectable()
export class SimulatorService {
  constructor(
    private readonly hub: SimulatorHub,
    private readonly webhook: SimulatorWebhookClient,
    @Inject(SIMULATED_GRAPH) private readonly graph: LocalRecordingTransport,
    @Inject(SIMULATED_MEDIA) private readonly media: SimulatedMediaStore,
    private readonly assets: PageAssets,
    private readonly context: SimulatorContext,
  ) {}

  async send(request: UserMessageRequest): Promise<UserEntry> {
    const user = this.hub.ensureUser(request.waId, request.name);
    const id = newMessageId(user.waId);
    // Registered before posting: the bot's read receipt and replies must be answered by the simulated Graph.
    this.graph.registerSimulatedUser(user.waId);
    this.graph.registerSimulatedMessage(id);
    const payload = buildInboundWebhook({
      business: this.context.business,
      user,
      messageId: id,
      timestamp: Math.floor(Date.now() / 1000),
      message: this.messageObject(user.waId, request.content),
    });
    const raw = JSON.stringify(payload);
    const added = this.hub.addUserMessage(user.waId, id, request.content, { raw, signed: this.webhook.signs });
    const result = await this.webhook.post(raw);
    // Missing only if the conversation was evicted meanwhile (fifty other users in flight): answer what was sent.
    return this.hub.settleUserMessage(id, result) ?? { ...added, webhook: { ...added.webhook, ...result } };
  }

  /** The per-type part of Meta's message object. */
  private messageObject(waId: string, content: UserMessageContent): InboundMessageObject {
    switch (content.type) {
      case 'text':
        return { type: 'text', text: { body: content.text } };
      case 'button_reply':
      case 'list_reply': {
        // Meta always says which message a tap answers; the page passes it, else the bot's latest message.
        const repliedTo = content.contextId ?? this.hub.latestBotMessageId(waId);
        const context =
          repliedTo === undefined ? undefined : { from: this.context.business.displayPhoneNumber, id: repliedTo };
        const interactive =
          content.type === 'button_reply'
            ? { type: 'button_reply' as const, button_reply: { id: content.id, title: content.title } }
            : {
                type: 'list_reply' as const,
                list_reply: {
                  id: content.id,
                  title: content.title,
                  ...(content.description ? { description: content.description } : {}),
                },
              };
        return { type: 'interactive', ...(context ? { context } : {}), interactive };
      }
      case 'location':
        return {
          type: 'location',
          location: {
            ...(content.address ? { address: content.address } : {}),
            latitude: content.latitude,
            longitude: content.longitude,
            ...(content.name ? { name: content.name } : {}),
          },
        };
      case 'image': {
        const sample = this.assets.sample(content.sample);
        return {
          type: 'image',
          image: {
            ...(content.caption ? { caption: content.caption } : {}),
            mime_type: sample?.mimeType ?? 'image/png',
            sha256: sample?.sha256 ?? '',
            // Stored on every send, not once at boot: newer media may have pushed it out of the bounded store.
            id: sample ? this.media.put(sample.data, sample.mimeType) : '0',
          },
        };
      }
      case 'reaction':
        // Meta leaves `emoji` out when the user removes a reaction.
        return {
          type: 'reaction',
          reaction: { message_id: content.messageId, ...(content.emoji ? { emoji: content.emoji } : {}) },
        };
    }
  }
}

/**
 * A `wamid` shaped like Meta's: base64 of a small header, the sender's number and random bytes (Meta's start with
 * `HBgL`, the same header). Random, so ids never repeat across restarts and dedupe never drops a new message.
 */
export function newMessageId(waId: string): string {
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x18, 0x0b]),
    Buffer.from(waId),
    Buffer.from([0x15, 0x02, 0x00, 0x12]),
    randomBytes(12),
  ]);
  return `wamid.${bytes.toString('base64')}`;
}
