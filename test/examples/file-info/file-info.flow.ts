import { ConversationFlow, Flow, NO_TEXTS } from '../../../src/flows/core/index.js';
import { MediaTooLargeError } from '../../../src/whatsapp/graph-api.error.js';

/** The README's media example: send a photo or a document, get back its type and size. */
@Flow({ id: 'file-info', title: 'File info', description: 'Tell me about a file' })
export class FileInfoFlow extends ConversationFlow {
  readonly texts = NO_TEXTS;
  readonly steps = this.define({
    start: (ctx) => ctx.goTo('file'),
    file: {
      accepts: ['image', 'document'],
      ask: (ctx) => ctx.reply.text('Send me a photo or a document.'),
      answer: async (ctx) => {
        if (!ctx.media) return ctx.reply.text('Please send a photo or a document.');
        try {
          const { mimeType, fileSize } = await ctx.media.download(); // capped by MEDIA_MAX_DOWNLOAD_BYTES
          await ctx.leave(`Got your ${ctx.media.kind}: ${mimeType}, ${fileSize} bytes.`);
        } catch (error) {
          if (!(error instanceof MediaTooLargeError)) throw error;
          await ctx.reply.text('That file is too large. Please send a smaller one.');
        }
      },
    },
  });
}
