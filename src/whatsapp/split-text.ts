import { WHATSAPP_LIMITS } from './outbound-message.builders.js';

/**
 * Splits text into chunks of at most `maxChars` characters (code points, as WhatsApp counts them),
 * preferring paragraph, then line, then sentence, then word boundaries, so long answers stay readable.
 */
export function splitText(text: string, maxChars: number = WHATSAPP_LIMITS.textBody): string[] {
  const chunks: string[] = [];
  let rest = [...text];
  // Each pass removes at least one character, so the loop is bounded by the text length.
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars).join('');
    // A window that ends right before whitespace already ends on a word boundary.
    const cut = /\s/.test(rest[maxChars]) ? window.length : bestCut(window);
    const chunk = [...window.slice(0, cut)];
    chunks.push(chunk.join('').trimEnd());
    rest = [...rest.slice(chunk.length).join('').trimStart()];
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest.join(''));
  return chunks.filter((chunk, index) => chunk.length > 0 || index === 0);
}

/** Where to cut a full window: after the last good boundary in its second half, else at its end. */
function bestCut(window: string): number {
  const half = Math.floor(window.length / 2);
  for (const boundary of ['\n\n', '\n', '. ', '! ', '? ', ' ']) {
    const at = window.lastIndexOf(boundary);
    if (at >= half) return at + boundary.length;
  }
  return window.length;
}
