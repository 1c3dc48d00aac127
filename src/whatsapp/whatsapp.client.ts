import { Injectable } from '@nestjs/common';
import { GRAPH_RESPONSE_WITHOUT_MESSAGE_ID } from '../common/errors/error-messages.js';
import { GraphUnexpectedResponseError } from './graph-api.error.js';
import {
  buildButtons,
  buildContacts,
  buildCtaUrl,
  buildList,
  buildLocation,
  buildLocationRequest,
  buildMarkRead,
  buildMedia,
  buildReaction,
  buildTemplate,
  buildText,
} from './outbound-message.builders.js';
import type {
  ButtonsMessage,
  ContactCard,
  CtaUrlMessage,
  ListMessage,
  LocationMessage,
  MarkReadOptions,
  MediaMessage,
  ReplyContextOptions,
  TemplateMessage,
  TextOptions,
} from './outbound-message.js';
import { MessageTransport, type GraphMessagesRequest } from './message-transport.port.js';

/** What a send resolves to: the `wamid` that delivery statuses and replies will refer to. */
export interface SentMessage {
  readonly messageId: string;
}

/**
 * Typed sends to WhatsApp users. Each method builds the Graph body (checking Meta's limits first, see
 * `MessageLimitError`) and hands it to the injected `MessageTransport`: Graph in production, the local recorder
 * in development. `to` is the user's wa_id (phone number with country code, no `+`). Every method is async, so
 * a limit error rejects the promise like a send failure does instead of throwing before the caller can catch.
 */
@Injectable()
export class WhatsAppClient {
  constructor(private readonly transport: MessageTransport) {}

  async sendText(to: string, body: string, options?: TextOptions): Promise<SentMessage> {
    return this.send(buildText(to, body, options));
  }

  async sendButtons(to: string, message: ButtonsMessage): Promise<SentMessage> {
    return this.send(buildButtons(to, message));
  }

  async sendList(to: string, message: ListMessage): Promise<SentMessage> {
    return this.send(buildList(to, message));
  }

  async sendCtaUrl(to: string, message: CtaUrlMessage): Promise<SentMessage> {
    return this.send(buildCtaUrl(to, message));
  }

  async sendLocationRequest(to: string, body: string, options?: ReplyContextOptions): Promise<SentMessage> {
    return this.send(buildLocationRequest(to, body, options));
  }

  async sendMedia(to: string, message: MediaMessage): Promise<SentMessage> {
    return this.send(buildMedia(to, message));
  }

  async sendLocation(to: string, location: LocationMessage): Promise<SentMessage> {
    return this.send(buildLocation(to, location));
  }

  async sendContacts(
    to: string,
    contacts: readonly ContactCard[],
    options?: ReplyContextOptions,
  ): Promise<SentMessage> {
    return this.send(buildContacts(to, contacts, options));
  }

  /** Reacts to `messageId` with `emoji`; an empty `emoji` removes the reaction. */
  async sendReaction(to: string, messageId: string, emoji: string): Promise<SentMessage> {
    return this.send(buildReaction(to, messageId, emoji));
  }

  async sendTemplate(to: string, template: TemplateMessage): Promise<SentMessage> {
    return this.send(buildTemplate(to, template));
  }

  /**
   * Sends an approved template with Graph-shaped `components` passed through as given (`sub_type`, string
   * `index`...), for callers that hold Graph's own JSON, such as the notifications API.
   */
  async sendGraphTemplate(
    to: string,
    template: { readonly name: string; readonly language: string; readonly components?: readonly unknown[] },
  ): Promise<SentMessage> {
    const body = buildTemplate(to, { name: template.name, languageCode: template.language });
    const components = template.components;
    return this.send(
      components === undefined
        ? body
        : { ...body, template: { ...(body.template as Record<string, unknown>), components } },
    );
  }

  /** Marks an inbound message as read (blue ticks); `typing: true` also shows "typing…" until the next reply. */
  async markRead(messageId: string, options?: MarkReadOptions): Promise<void> {
    await this.transport.post(buildMarkRead(messageId, options));
  }

  private async send(body: GraphMessagesRequest): Promise<SentMessage> {
    const response = await this.transport.post(body);
    const messageId = response.messages?.[0]?.id;
    // A 2xx without an id means the endpoint is not the /messages we think (wrong version or URL): say so
    // rather than hand callers an undefined id.
    if (!messageId) {
      throw new GraphUnexpectedResponseError(GRAPH_RESPONSE_WITHOUT_MESSAGE_ID());
    }
    return { messageId };
  }
}
