// The simulator page: a WhatsApp-like chat with the bot. Plain ES module, no build step and no dependencies, so the
// app serves it as a static file and it works offline. The server does the real work: each message becomes Meta's
// webhook JSON posted to /webhook, and the bot's Graph calls come back over server-sent events.

const API = '/simulator/api';
const STORAGE_KEY = 'whatsapp-simulator:user';
const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
const PLACES = [
  {
    name: 'Philz Coffee',
    address: '101 Forest Ave, Palo Alto, CA 94301',
    latitude: 37.44221496582,
    longitude: -122.16165924072,
  },
  {
    name: 'Eiffel Tower',
    address: 'Champ de Mars, 5 Av. Anatole France, 75007 Paris',
    latitude: 48.85837,
    longitude: 2.294481,
  },
  {
    name: 'Sydney Opera House',
    address: 'Bennelong Point, Sydney NSW 2000',
    latitude: -33.856784,
    longitude: 151.215297,
  },
];
const AVATAR_COLOURS = [
  '#6bcbef',
  '#dfb610',
  '#35cd96',
  '#e26ab6',
  '#a5b337',
  '#fe7c7f',
  '#8b7add',
  '#ff8f2c',
  '#2cc4ab',
];

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** Everything the page knows; the server is the source of truth and can always re-send it (`ready`). */
const state = {
  /** What `GET /simulator/api/state` answered: business, samples, mode. */
  config: null,
  users: new Map(),
  /** seq → entry, every user. */
  entries: new Map(),
  /** wamid → entry, for quotes and reactions. */
  byMessageId: new Map(),
  current: /** @type {string | undefined} */ (undefined),
  unread: new Map(),
  typingUntil: new Map(),
  highlighted: /** @type {number | undefined} */ (undefined),
};

// ---------------------------------------------------------------- helpers

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** An element with attributes and children; strings become text nodes (never HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name === 'html') node.innerHTML = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function icon(path, viewBox = '0 0 24 24') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', viewBox);
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = path;
  return svg;
}

const ICONS = {
  reply: '<path d="M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z"/>',
  list: '<path d="M3 13h2v-2H3v2zm0 4h2v-2H3v2zm0-8h2V7H3v2zm4 4h14v-2H7v2zm0 4h14v-2H7v2zM7 7v2h14V7H7z"/>',
  external:
    '<path d="M14 3v2h3.6l-9.8 9.8 1.4 1.4L19 6.4V10h2V3h-7zm5 16H5V5h7V3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-7h-2v7z"/>',
  pin: '<path d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5z"/>',
};

const TICKS = {
  pending:
    '<path d="M8 1.2a4.8 4.8 0 1 0 0 9.6 4.8 4.8 0 0 0 0-9.6zm0 8.6a3.8 3.8 0 1 1 0-7.6 3.8 3.8 0 0 1 0 7.6zM8.5 3.5h-1v3l2.4 1.5.5-.8-1.9-1.2z"/>',
  delivered:
    '<path d="M1.2 6.2l3 3 6.3-7.6M7 8.6l.6.6 6.3-7.6" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>',
  failed: '<circle cx="8" cy="5.5" r="5" /><path d="M7.3 2.5h1.4v3.8H7.3zM7.3 7.3h1.4v1.4H7.3z" fill="#fff"/>',
};
const TICK_LABELS = { pending: 'Sending', delivered: 'Delivered', read: 'Read', failed: 'Not delivered' };

function ticks(status) {
  const svg = icon(TICKS[status === 'read' ? 'delivered' : status] ?? TICKS.pending, '0 0 16 11');
  return el(
    'span',
    { class: 'ticks', 'data-status': status, role: 'img', 'aria-label': TICK_LABELS[status] ?? status },
    svg,
  );
}

function time(iso) {
  const date = new Date(iso);
  return el('time', { datetime: iso, text: date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) });
}

/** Links from bot messages are data: only http(s) ones become links or image sources (no `javascript:`). */
function safeUrl(url) {
  try {
    const parsed = new URL(String(url));
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function formatPhone(waId) {
  const match = /^1(\d{3})(\d{3})(\d{4})$/.exec(waId);
  return match ? `+1 ${match[1]}-${match[2]}-${match[3]}` : `+${waId}`;
}

/** A username-only user is keyed by a BSUID (`US.1349…`), never digits only: they have no phone number. */
function isUsernameOnly(waId) {
  return !/^\d+$/.test(waId);
}

/** How WhatsApp shows a user besides their name: their @username, or else their phone number. */
function handleOf(user) {
  if (user.username) return `@${user.username}`;
  return isUsernameOnly(user.waId) ? user.waId : formatPhone(user.waId);
}

function avatarColour(waId) {
  let hash = 0;
  for (const c of waId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
}

function initials(name) {
  const letters = name
    .replace(/^\+/, '')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [...word][0]);
  return (letters.length > 1 ? letters[0] + letters[letters.length - 1] : (letters[0] ?? '?')).toUpperCase();
}

/**
 * WhatsApp formatting as HTML: *bold*, _italic_, ~strike~, ```mono```, `code`, links. The text is escaped first,
 * so only the tags added here can appear. A marker counts only at word edges, as in WhatsApp (2*3*4 stays as is).
 */
export function formatWhatsApp(text) {
  const blocks = escapeHtml(text).split(/```([\s\S]+?)```/);
  return blocks
    .map((part, index) => (index % 2 === 1 ? `<code class="mono">${part}</code>` : formatInline(part)))
    .join('');
}

function formatInline(text) {
  const inline = text.split(/`([^`\n]+)`/);
  return inline
    .map((part, index) => {
      if (index % 2 === 1) return `<code>${part}</code>`;
      let html = part;
      for (const [marker, tag] of [
        ['\\*', 'strong'],
        ['_', 'em'],
        ['~', 's'],
      ]) {
        const pattern = new RegExp(
          `(^|[\\s>(\\[{"'*_~])${marker}(?=\\S)([^\\n]*?\\S)${marker}(?=$|[\\s<.,!?:;)\\]}"'*_~])`,
          'g',
        );
        html = html.replace(pattern, `$1<${tag}>$2</${tag}>`);
      }
      html = html.replace(
        /(^|[\s(])(https?:\/\/[^\s<]+[^\s<.,!?:;)])/g,
        '$1<a href="$2" target="_blank" rel="noopener noreferrer">$2</a>',
      );
      return html.replace(/(^|\n)&gt; ([^\n]*)/g, '$1<blockquote>$2</blockquote>');
    })
    .join('');
}

/** The text without formatting markers, for one-line previews (chat list, quotes' fallbacks). */
function plainText(text) {
  return String(text)
    .replace(/```([\s\S]+?)```/g, '$1')
    .replace(/(^|[\s(])[*_~]+(?=\S)|(?<=\S)[*_~]+(?=$|[\s.,!?:;)])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function formatted(text, className = 'text') {
  return el('div', { class: className, html: formatWhatsApp(text) });
}

/** The text a message shows in previews and quotes. */
function previewOf(entry) {
  if (!entry) return '';
  if (entry.kind === 'note') return entry.text;
  if (entry.kind === 'user') {
    const c = entry.content;
    return (
      {
        text: c.text,
        button_reply: c.title,
        list_reply: c.title,
        location: `📍 ${c.name ?? 'Location'}`,
        image: `📷 ${c.caption ?? 'Photo'}`,
      }[c.type] ?? (c.type === 'reaction' ? `Reacted ${c.emoji}` : '')
    );
  }
  const body = entry.graph?.body ?? {};
  if (refused(entry)) return '⚠️ Refused by Graph';
  switch (body.type) {
    case 'text':
      return body.text?.body ?? '';
    case 'interactive':
      return body.interactive?.body?.text ?? 'Interactive message';
    case 'location':
      return `📍 ${body.location?.name ?? 'Location'}`;
    case 'reaction':
      return `Reacted ${body.reaction?.emoji ?? ''}`;
    case 'template':
      return `📋 ${body.template?.name ?? 'Template'}`;
    default:
      return (
        {
          image: '📷 Photo',
          video: '🎥 Video',
          audio: '🎵 Audio',
          document: '📄 Document',
          sticker: 'Sticker',
          contacts: '👤 Contact',
        }[body.type] ?? body.type
      );
  }
}

function toast(message) {
  const node = $('toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (node.hidden = true), 5000);
}

async function api(path, options = {}) {
  const response = await fetch(`${API}${path}`, {
    ...options,
    headers: options.body ? { 'content-type': 'application/json' } : undefined,
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    // The simulator's own errors read { message }; the notification API's { error: { code, message } }.
    const message = json.error?.message ?? json.message;
    throw new Error(Array.isArray(message) ? message.join('; ') : (message ?? `HTTP ${response.status}`));
  }
  return json;
}

// ---------------------------------------------------------------- state updates

function addUser(user) {
  state.users.set(user.waId, user);
}

function isReaction(entry) {
  return (
    (entry.kind === 'user' && entry.content.type === 'reaction') ||
    (entry.kind === 'bot' && !refused(entry) && entry.graph.body.type === 'reaction')
  );
}

/** Graph did not take this send: it broke Meta's spec, or (131047) the user's 24-hour window is closed. */
function refused(entry) {
  return !entry.graph?.valid || entry.graph.status >= 300;
}

function reactionTarget(entry) {
  return entry.kind === 'user' ? entry.content.messageId : entry.graph.body.reaction?.message_id;
}

function upsert(entry) {
  const previous = state.entries.get(entry.seq);
  state.entries.set(entry.seq, entry);
  if (entry.kind !== 'receipt' && entry.id) state.byMessageId.set(entry.id, entry);
  if (!state.users.has(entry.waId))
    addUser({ waId: entry.waId, name: isUsernameOnly(entry.waId) ? entry.waId : `+${entry.waId}` });

  if (entry.kind === 'bot' && !previous) {
    // A message from the bot ends its "typing…", as in WhatsApp.
    state.typingUntil.delete(entry.waId);
    if (entry.waId !== state.current) state.unread.set(entry.waId, (state.unread.get(entry.waId) ?? 0) + 1);
  }
  if (entry.waId === state.current) {
    if (entry.kind !== 'receipt') {
      if (isReaction(entry)) refreshRowFor(reactionTarget(entry));
      else placeRow(entry);
    }
    if (entry.kind !== 'note') placeInspectorCard(entry);
    updateTyping();
  }
  renderUsers();
}

/** The latest reaction (by anyone) on each message id: `{ emoji, by }`, emoji '' once removed. */
function reactionsOn(messageId) {
  let latest;
  for (const entry of state.entries.values()) {
    if (entry.waId !== state.current || !isReaction(entry) || reactionTarget(entry) !== messageId) continue;
    if (!latest || entry.seq > latest.seq) latest = entry;
  }
  if (!latest) return undefined;
  const emoji = latest.kind === 'user' ? latest.content.emoji : (latest.graph.body.reaction?.emoji ?? '');
  return emoji ? { emoji, by: latest.kind } : undefined;
}

// ---------------------------------------------------------------- chat rendering

function rowFor(entry) {
  if (entry.kind === 'note') return noteRow(entry);
  return entry.kind === 'user' ? userRow(entry) : botRow(entry);
}

/** Time travel or a notification sent from the page: a centred chip, like WhatsApp's own notices. */
function noteRow(entry) {
  return el(
    'div',
    { class: 'row note', 'data-seq': entry.seq, 'data-kind': 'note' },
    el('div', { class: 'note-chip', role: 'note', text: entry.text }),
  );
}

function placeRow(entry) {
  const list = $('messages');
  const row = rowFor(entry);
  const existing = list.querySelector(`.row[data-seq="${entry.seq}"]`);
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  if (existing) existing.replaceWith(row);
  else {
    const later = [...list.querySelectorAll('.row')].find((node) => Number(node.dataset.seq) > entry.seq);
    list.insertBefore(row, later ?? null);
    if (nearBottom || entry.kind === 'user') scrollToBottom();
  }
}

function refreshRowFor(messageId) {
  const target = state.byMessageId.get(messageId);
  if (target && target.waId === state.current) placeRow(target);
}

function scrollToBottom() {
  const list = $('messages');
  requestAnimationFrame(() => (list.scrollTop = list.scrollHeight));
}

function reactionBadge(messageId) {
  const reaction = messageId ? reactionsOn(messageId) : undefined;
  return reaction
    ? el('span', { class: 'reaction-badge', 'aria-label': `Reaction ${reaction.emoji}`, text: reaction.emoji })
    : undefined;
}

function quote(contextId, own) {
  const target = contextId ? state.byMessageId.get(contextId) : undefined;
  if (!target) return undefined;
  const who = target.kind === 'user' ? 'You' : (state.config?.business?.name ?? 'Bot');
  return el(
    'div',
    { class: 'quoted' },
    el('strong', { text: own && target.kind === 'user' ? 'You' : who }),
    el('span', { html: formatWhatsApp(previewOf(target)) }),
  );
}

function meta(entry) {
  return el('span', { class: 'meta' }, time(entry.at), entry.kind === 'user' ? ticks(entry.status) : undefined);
}

function userRow(entry) {
  const c = entry.content;
  const bubble = el('div', { class: 'bubble out' });
  // No phone number to go by: the bubble says which username sent it, as the webhook did.
  const sender = state.users.get(entry.waId);
  if (sender?.username) bubble.append(el('div', { class: 'sender', text: handleOf(sender) }));
  switch (c.type) {
    case 'text':
      bubble.append(formatted(c.text));
      break;
    case 'button_reply':
    case 'list_reply':
      bubble.append(quote(c.contextId, true) ?? '', el('div', { class: 'text', text: c.title }));
      break;
    case 'location':
      bubble.append(locationCard(c));
      break;
    case 'image': {
      const sample = state.config?.samples?.find((s) => s.file === c.sample);
      bubble.append(
        el('img', {
          class: 'media-image',
          src: sample?.url ?? '',
          alt: sample?.title ?? 'Photo',
          width: 300,
          height: 225,
        }),
      );
      if (c.caption) bubble.append(formatted(c.caption));
      break;
    }
  }
  bubble.append(meta(entry));
  const row = el(
    'div',
    {
      class: 'row out',
      'data-seq': entry.seq,
      'data-id': entry.id,
      'data-kind': 'user',
      onclick: () => inspect(entry.seq),
    },
    bubble,
  );
  const badge = reactionBadge(entry.id);
  if (badge) row.append(badge);
  if (entry.status === 'failed') {
    const why = entry.webhook.status ? `HTTP ${entry.webhook.status}` : (entry.webhook.error ?? 'no answer');
    row.append(el('div', { class: 'failed-note', text: `Not delivered to the bot (${why}): see the inspector.` }));
  }
  return row;
}

function botRow(entry) {
  const body = entry.graph.body;
  const row = el('div', {
    class: 'row in',
    'data-seq': entry.seq,
    'data-id': entry.id,
    'data-kind': 'bot',
    'data-type': body.type,
    onclick: () => inspect(entry.seq),
  });
  if (refused(entry)) {
    row.append(refusedBubble(entry));
    return row;
  }
  const bubble = el('div', { class: 'bubble in' });
  const context = quote(body.context?.message_id, false);
  if (context) bubble.append(context);
  const after = [];
  switch (body.type) {
    case 'text':
      bubble.append(formatted(body.text?.body ?? ''));
      break;
    case 'interactive':
      after.push(...interactive(bubble, body.interactive ?? {}, entry));
      break;
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      bubble.append(media(body.type, body[body.type] ?? {}));
      if (body[body.type]?.caption) bubble.append(formatted(body[body.type].caption));
      break;
    case 'location':
      bubble.append(locationCard(body.location ?? {}));
      break;
    case 'contacts':
      for (const contact of body.contacts ?? []) bubble.append(contactCard(contact));
      break;
    case 'template':
      bubble.append(templateCard(body.template ?? {}));
      break;
    default:
      bubble.append(el('div', { class: 'text', text: `Message of type "${body.type}"` }));
  }
  bubble.append(meta(entry));
  row.append(bubble, ...after);
  const badge = reactionBadge(entry.id);
  if (badge) row.append(badge);
  if (entry.id) {
    row.append(
      el('button', {
        type: 'button',
        class: 'react-button',
        'aria-label': 'React to message',
        title: 'React',
        text: '☺',
        onclick: (event) => {
          event.stopPropagation();
          openReactionPicker(event.currentTarget, entry);
        },
      }),
    );
  }
  return row;
}

function refusedBubble(entry) {
  const error = entry.graph.response?.error ?? {};
  const outsideWindow = error.code === 131047;
  const problems = entry.graph.errors.length > 0 ? entry.graph.errors : [error.error_data?.details ?? ''];
  return el(
    'div',
    { class: 'bubble in refused', role: 'note', 'data-code': String(error.code ?? '') },
    el('div', {
      class: 'refused-title',
      text: `⚠️ Graph API refused this ${entry.graph.body.type ?? ''} message (HTTP ${entry.graph.status}, code ${error.code ?? '?'})`,
    }),
    el('div', {
      class: 'text',
      text: outsideWindow
        ? 'Outside the 24-hour window: this user last wrote more than 24 hours ago, so only a template reaches them.'
        : 'Meta would not deliver it. The bot received the same error it would get in production.',
    }),
    el(
      'ul',
      { class: 'refused-errors' },
      problems.slice(0, 6).map((problem) => el('li', { text: problem })),
    ),
    meta(entry),
  );
}

/** An approved template as WhatsApp shows it: its name and language, then each component's parameters. */
function templateCard(template) {
  const parameters = (template.components ?? []).flatMap((component) =>
    (component.parameters ?? []).map((parameter) =>
      el(
        'li',
        {},
        el('span', {
          class: 'parameter-kind',
          text: `${component.type}${component.sub_type ? ` ${component.sub_type}` : ''}: `,
        }),
        el('span', { text: parameterText(parameter) }),
      ),
    ),
  );
  return el(
    'div',
    { class: 'template-card', 'data-template': template.name ?? '' },
    el('div', { class: 'template-label', text: '📋 Template' }),
    el('div', { class: 'template-name', text: `${template.name ?? '?'} · ${template.language?.code ?? ''}` }),
    parameters.length > 0
      ? el('ul', { class: 'template-parameters' }, parameters)
      : el('div', { class: 'parameter-kind', text: 'no parameters' }),
  );
}

function parameterText(parameter) {
  const value = parameter[parameter.type];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object')
    return value.fallback_value ?? value.link ?? value.id ?? value.filename ?? JSON.stringify(value);
  return parameter.type;
}

/** Fills `bubble` with an interactive message; returns what goes below the bubble (reply buttons). */
function interactive(bubble, message, entry) {
  const header = message.header;
  if (header?.type === 'text') bubble.append(el('div', { class: 'header-text', text: header.text }));
  else if (header && header[header.type]) bubble.append(media(header.type, header[header.type]));
  if (message.body?.text) bubble.append(formatted(message.body.text));
  if (message.footer?.text) bubble.append(el('div', { class: 'footer-text', text: message.footer.text }));
  const action = message.action ?? {};
  switch (message.type) {
    case 'button':
      return [
        el(
          'div',
          { class: 'reply-buttons' },
          (action.buttons ?? []).map((button) =>
            el(
              'button',
              {
                type: 'button',
                class: 'reply-button',
                'data-reply-id': button.reply?.id,
                onclick: (event) => {
                  event.stopPropagation();
                  send({ type: 'button_reply', id: button.reply.id, title: button.reply.title, contextId: entry.id });
                },
              },
              icon(ICONS.reply),
              button.reply?.title ?? '',
            ),
          ),
        ),
      ];
    case 'list':
      bubble.append(
        el(
          'button',
          {
            type: 'button',
            class: 'list-open-button',
            'aria-haspopup': 'dialog',
            onclick: (event) => {
              event.stopPropagation();
              openList(entry);
            },
          },
          icon(ICONS.list),
          action.button ?? 'Options',
        ),
      );
      return [];
    case 'cta_url':
      bubble.append(
        el(
          'a',
          {
            class: 'cta-button',
            href: safeUrl(action.parameters?.url),
            target: '_blank',
            rel: 'noopener noreferrer',
            onclick: (event) => event.stopPropagation(),
          },
          icon(ICONS.external),
          action.parameters?.display_text ?? 'Open',
        ),
      );
      return [];
    case 'location_request_message':
      bubble.append(
        el(
          'button',
          {
            type: 'button',
            class: 'location-request-button',
            onclick: (event) => {
              event.stopPropagation();
              openDialog('location-dialog');
            },
          },
          icon(ICONS.pin),
          'Send location',
        ),
      );
      return [];
    default:
      bubble.append(
        el('div', {
          class: 'footer-text',
          text: `Interactive "${message.type}" message: not drawn by the simulator (see the inspector).`,
        }),
      );
      return [];
  }
}

const MEDIA_ICONS = { image: '🖼️', video: '🎥', audio: '🎵', document: '📄', sticker: '🏷️' };

/** Where the page fetches media the bot sent by id: the simulated media store (uploads, sample photos). */
function storedMediaUrl(source) {
  return typeof source.id === 'string' && source.id !== ''
    ? `/simulator/api/media/${encodeURIComponent(source.id)}`
    : undefined;
}

function media(kind, source) {
  const src = safeUrl(source.link) ?? storedMediaUrl(source);
  if ((kind === 'image' || kind === 'sticker') && src) {
    const image = el('img', {
      class: 'media-image',
      src,
      alt: source.caption ?? kind,
      loading: 'lazy',
    });
    // Offline, a linked picture cannot load: say what it was instead of a broken image.
    image.addEventListener('error', () => image.replaceWith(mediaPlaceholder(kind, source)), { once: true });
    return image;
  }
  return mediaPlaceholder(kind, source);
}

function mediaPlaceholder(kind, source) {
  const label = source.filename ?? `${kind[0].toUpperCase()}${kind.slice(1)}`;
  const stored = storedMediaUrl(source);
  const where = safeUrl(source.link)
    ? el('a', { href: safeUrl(source.link), target: '_blank', rel: 'noopener noreferrer', text: source.link })
    : stored
      ? el('a', { href: stored, target: '_blank', rel: 'noopener noreferrer', text: `media id ${source.id}` })
      : `media id ${source.id ?? '?'}`;
  return el(
    'div',
    { class: 'media-placeholder' },
    el('span', { class: 'media-icon', 'aria-hidden': 'true', text: MEDIA_ICONS[kind] ?? '📎' }),
    el('div', {}, label, el('small', {}, where)),
  );
}

function locationCard(location) {
  const url = `https://www.openstreetmap.org/?mlat=${location.latitude}&mlon=${location.longitude}#map=16/${location.latitude}/${location.longitude}`;
  return el(
    'a',
    {
      class: 'location-card',
      href: url,
      target: '_blank',
      rel: 'noopener noreferrer',
      'aria-label': `Location ${location.name ?? ''} ${location.latitude}, ${location.longitude}`,
      onclick: (e) => e.stopPropagation(),
    },
    el('div', { class: 'map', role: 'img', 'aria-label': 'Map' }),
    el(
      'div',
      { class: 'location-text' },
      el('strong', {
        text: location.name ?? `${Number(location.latitude).toFixed(5)}, ${Number(location.longitude).toFixed(5)}`,
      }),
      location.address ? el('span', { text: location.address }) : undefined,
    ),
  );
}

function contactCard(contact) {
  const name = contact.name?.formatted_name ?? 'Contact';
  const phone = contact.phones?.[0]?.phone;
  return el(
    'div',
    { class: 'contact-card' },
    el('div', { class: 'avatar', text: initials(name) }),
    el('div', {}, el('strong', { text: name }), phone ? el('div', { class: 'footer-text', text: phone }) : undefined),
  );
}

function renderConversation() {
  const list = $('messages');
  list.querySelectorAll('.row').forEach((node) => node.remove());
  $('inspector-entries').replaceChildren();
  const entries = [...state.entries.values()]
    .filter((entry) => entry.waId === state.current)
    .sort((a, b) => a.seq - b.seq);
  for (const entry of entries) {
    if (entry.kind !== 'receipt' && !isReaction(entry)) list.append(rowFor(entry));
    if (entry.kind !== 'note') placeInspectorCard(entry);
  }
  if (entries.length === 0)
    $('inspector-entries').append(
      el('p', {
        class: 'inspector-empty',
        text: "Send a message: its webhook JSON and the bot's Graph requests appear here.",
      }),
    );
  updateTyping();
  scrollToBottom();
}

// ---------------------------------------------------------------- users

function renderUsers() {
  const list = $('user-list');
  const select = /** @type {HTMLSelectElement} */ ($('user-select'));
  const users = [...state.users.values()];
  list.replaceChildren(
    ...users.map((user) => {
      const last = [...state.entries.values()]
        .filter((e) => e.waId === user.waId && e.kind !== 'receipt')
        .sort((a, b) => b.seq - a.seq)[0];
      const unread = state.unread.get(user.waId) ?? 0;
      return el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            class: 'user-item',
            'data-wa-id': user.waId,
            'aria-current': user.waId === state.current ? 'true' : 'false',
            'aria-label': `Chat as ${user.name} (${handleOf(user)})${unread ? `, ${unread} unread` : ''}`,
            onclick: () => selectUser(user.waId),
          },
          avatar(user),
          el(
            'span',
            { class: 'user-text' },
            el(
              'span',
              { class: 'user-name' },
              user.name,
              user.username ? el('span', { class: 'user-handle', text: ` ${handleOf(user)}` }) : undefined,
            ),
            el('span', { class: 'user-preview', text: last ? plainText(previewOf(last)) : handleOf(user) }),
          ),
          unread ? el('span', { class: 'unread', text: String(unread) }) : undefined,
        ),
      );
    }),
  );
  const options = users.map((user) => el('option', { value: user.waId, text: `${user.name} · ${handleOf(user)}` }));
  select.replaceChildren(...options);
  if (state.current) select.value = state.current;
}

function avatar(user) {
  const node = el('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(user.name) });
  node.style.background = avatarColour(user.waId);
  return node;
}

function selectUser(waId) {
  if (!state.users.has(waId)) return;
  state.current = waId;
  state.unread.delete(waId);
  localStorage.setItem(STORAGE_KEY, waId);
  $('app').dataset.users = 'closed';
  renderUsers();
  renderConversation();
  /** @type {HTMLInputElement} */ ($('message-input')).focus({ preventScroll: true });
}

function currentUser() {
  return state.users.get(state.current);
}

// ---------------------------------------------------------------- typing

function updateTyping() {
  const until = state.typingUntil.get(state.current) ?? 0;
  const typing = until > Date.now();
  $('typing-row').hidden = !typing;
  const status = $('chat-status');
  status.textContent = typing ? 'typing…' : 'online';
  status.classList.toggle('typing', typing);
  clearTimeout(updateTyping.timer);
  if (typing) {
    updateTyping.timer = setTimeout(updateTyping, until - Date.now() + 50);
    scrollToBottom();
  }
}

// ---------------------------------------------------------------- sending

async function send(content) {
  const user = currentUser();
  if (!user) return;
  try {
    const { entry } = await api('/messages', {
      method: 'POST',
      body: JSON.stringify({ waId: user.waId, name: user.name, ...content }),
    });
    upsert(entry);
  } catch (error) {
    toast(`Could not send: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function openDialog(id) {
  closeMenus();
  /** @type {HTMLDialogElement} */ ($(id)).showModal();
}

function openList(entry) {
  const action = entry.graph.body.interactive?.action ?? {};
  $('list-dialog-title').textContent = action.button ?? 'Options';
  const sendButton = /** @type {HTMLButtonElement} */ ($('list-send'));
  sendButton.disabled = true;
  const sections = $('list-sections');
  sections.replaceChildren();
  sections.dataset.entry = String(entry.seq);
  for (const [index, section] of (action.sections ?? []).entries()) {
    const group = el('div', { role: 'radiogroup', 'aria-label': section.title ?? `Section ${index + 1}` });
    if (section.title) group.append(el('h3', { class: 'list-section-title', text: section.title }));
    for (const row of section.rows ?? []) {
      const input = el('input', {
        type: 'radio',
        name: 'list-row',
        value: row.id,
        onchange: () => (sendButton.disabled = false),
      });
      input.dataset.title = row.title;
      if (row.description) input.dataset.description = row.description;
      group.append(
        el(
          'label',
          { class: 'list-row' },
          el(
            'span',
            { class: 'list-row-text' },
            row.title,
            row.description ? el('span', { text: row.description }) : undefined,
          ),
          input,
        ),
      );
    }
    sections.append(group);
  }
  openDialog('list-dialog');
}

function openReactionPicker(anchor, entry) {
  const picker = $('reaction-picker');
  const current = reactionsOn(entry.id);
  picker.replaceChildren(
    ...REACTIONS.map((emoji) => {
      const mine = current?.by === 'user' && current.emoji === emoji;
      return el('button', {
        type: 'button',
        'aria-label': mine ? `Remove reaction ${emoji}` : `React with ${emoji}`,
        'aria-pressed': mine ? 'true' : 'false',
        text: emoji,
        onclick: () => {
          picker.hidden = true;
          send({ type: 'reaction', messageId: entry.id, emoji: mine ? '' : emoji });
        },
      });
    }),
  );
  picker.hidden = false;
  const box = anchor.getBoundingClientRect();
  const width = picker.offsetWidth;
  picker.style.left = `${Math.max(8, Math.min(window.innerWidth - width - 8, box.left - width / 2))}px`;
  picker.style.top = `${Math.max(8, box.top - 56)}px`;
  /** @type {HTMLElement | null} */ (picker.querySelector('button'))?.focus();
}

function closeMenus() {
  $('attach-menu').hidden = true;
  $('attach').setAttribute('aria-expanded', 'false');
  $('reaction-picker').hidden = true;
}

// ---------------------------------------------------------------- inspector

function highlightJson(value) {
  const json = JSON.stringify(value, null, 2) ?? 'undefined';
  const token = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  let html = '';
  let last = 0;
  for (const match of json.matchAll(token)) {
    html += escapeHtml(json.slice(last, match.index));
    const kind = match[1] ? (match[2] ? 'k' : 's') : match[3] ? 'b' : 'n';
    html += `<span class="${kind}">${escapeHtml(match[1] ?? match[0])}</span>${match[2] ? escapeHtml(match[2]) : ''}`;
    last = (match.index ?? 0) + match[0].length;
  }
  return html + escapeHtml(json.slice(last));
}

function jsonBlock(value, label, raw) {
  const pre = el('pre', { class: 'json', 'aria-label': label, html: highlightJson(value) });
  const copy = el('button', {
    type: 'button',
    class: 'copy-button',
    'aria-label': `Copy ${label}`,
    text: 'Copy',
    onclick: () =>
      navigator.clipboard?.writeText(raw ?? JSON.stringify(value, null, 2)).then(
        () => toast('Copied'),
        () => toast('Copy failed'),
      ),
  });
  return [copy, pre];
}

function parsedWebhook(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function describeContent(content) {
  switch (content.type) {
    case 'text':
      return `text "${content.text}"`;
    case 'button_reply':
      return `button reply "${content.title}"`;
    case 'list_reply':
      return `list reply "${content.title}"`;
    case 'location':
      return `location ${content.name ?? `${content.latitude}, ${content.longitude}`}`;
    case 'image':
      return `image ${content.sample}`;
    case 'reaction':
      return content.emoji ? `reaction ${content.emoji}` : 'reaction removed';
    default:
      return content.type;
  }
}

function describeGraph(entry) {
  const body = entry.graph.body;
  if (entry.kind === 'receipt') return entry.typing ? 'read receipt + typing indicator' : 'read receipt';
  const text = plainText(previewOf({ ...entry, graph: { ...entry.graph, valid: true } }));
  return `${body.type}${body.type === 'interactive' ? `/${body.interactive?.type}` : ''} ${text ? `"${text}"` : ''}`;
}

/** Says that a webhook came from a username-only user: `from_user_id` and the username, no phone number. */
function usernameTag(waId) {
  const user = state.users.get(waId);
  if (!user?.username) return undefined;
  return el('span', {
    class: 'tag username',
    title: `Username-only user ${waId}: the webhook carries from_user_id and the username, no phone number`,
    text: handleOf(user),
  });
}

function inspectorCard(entry, open) {
  const details = el('details', {
    class: `inspect-card ${entry.kind === 'user' ? 'webhook' : 'graph'}`,
    'data-seq': entry.seq,
    'data-kind': entry.kind === 'user' ? 'webhook' : 'graph',
  });
  if (open) details.open = true;
  if (entry.seq === state.highlighted) details.classList.add('highlight');
  if (entry.kind === 'user') {
    const { webhook } = entry;
    const status = webhook.status === undefined ? (webhook.error ? 'unreachable' : '…') : String(webhook.status);
    const ok = webhook.status !== undefined && webhook.status < 300;
    details.append(
      el(
        'summary',
        {},
        el('span', { class: 'tag webhook', text: 'POST /webhook' }),
        el('span', {
          class: `tag ${ok ? 'ok' : webhook.status === undefined && !webhook.error ? '' : 'bad'}`,
          'data-role': 'webhook-status',
          text: status,
        }),
        el('span', { class: 'tag', text: webhook.signed ? 'signed' : 'unsigned' }),
        usernameTag(entry.waId),
        el('span', { class: 'inspect-title', text: describeContent(entry.content) }),
      ),
      el(
        'div',
        { class: 'inspect-body' },
        el('h3', {
          text: webhook.signed
            ? 'Webhook JSON, signed with X-Hub-Signature-256'
            : 'Webhook JSON (unsigned: WP_APP_SECRET is not set)',
        }),
        ...jsonBlock(parsedWebhook(webhook.raw), 'Webhook JSON', webhook.raw),
        webhook.error ? el('p', { class: 'schema-errors', text: webhook.error }) : undefined,
      ),
    );
    return details;
  }
  const { graph } = entry;
  details.append(
    el(
      'summary',
      {},
      el('span', { class: 'tag graph', text: `${graph.method} ${graph.path}` }),
      el('span', { class: `tag ${graph.status < 300 ? 'ok' : 'bad'}`, text: String(graph.status) }),
      el('span', {
        class: `tag ${graph.valid ? 'ok' : 'bad'}`,
        'data-role': 'schema',
        text: graph.valid ? 'schema ✓' : 'schema ✗',
      }),
      el('span', { class: 'inspect-title', text: describeGraph(entry) }),
    ),
    el(
      'div',
      { class: 'inspect-body' },
      el('h3', { text: 'Graph request body' }),
      ...jsonBlock(graph.body, 'Graph request body'),
      el('h3', { text: "Schema check (Meta's v23.0 OpenAPI spec)" }),
      graph.valid
        ? el('p', { class: 'tag ok', 'data-role': 'schema-result', text: 'valid' })
        : el(
            'ul',
            { class: 'schema-errors', 'data-role': 'schema-result' },
            graph.errors.map((problem) => el('li', { text: problem })),
          ),
      el('h3', { text: `Graph answered ${graph.status}` }),
      ...jsonBlock(graph.response, 'Graph response'),
    ),
  );
  return details;
}

function placeInspectorCard(entry) {
  const container = $('inspector-entries');
  container.querySelector('.inspector-empty')?.remove();
  const existing = /** @type {HTMLDetailsElement | null} */ (
    container.querySelector(`.inspect-card[data-seq="${entry.seq}"]`)
  );
  // New cards open, so the latest exchange is readable at a glance; older ones fold away.
  const card = inspectorCard(entry, existing ? existing.open : true);
  if (existing) {
    existing.replaceWith(card);
    return;
  }
  if (entry.kind === 'user')
    container
      .querySelectorAll('.inspect-card[open]')
      .forEach((node) => /** @type {HTMLDetailsElement} */ (node.open = false));
  const later = [...container.querySelectorAll('.inspect-card')].find(
    (node) => Number(/** @type {HTMLElement} */ (node).dataset.seq) > entry.seq,
  );
  container.insertBefore(card, later ?? null);
  if (!later) container.scrollTop = container.scrollHeight;
}

function inspect(seq) {
  state.highlighted = seq;
  document.querySelectorAll('.highlight').forEach((node) => node.classList.remove('highlight'));
  document.querySelector(`.row[data-seq="${seq}"]`)?.classList.add('highlight');
  const card = /** @type {HTMLDetailsElement | null} */ (document.querySelector(`.inspect-card[data-seq="${seq}"]`));
  if (!card) return;
  card.open = true;
  card.classList.add('highlight');
  if ($('app').dataset.inspector === 'open') card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

function setInspector(open) {
  $('app').dataset.inspector = open ? 'open' : 'closed';
  const toggle = $('toggle-inspector');
  toggle.setAttribute('aria-pressed', String(open));
  toggle.setAttribute('aria-label', open ? 'Hide inspector' : 'Show inspector');
}

// ---------------------------------------------------------------- loading and live events

async function loadAll() {
  const [config, conversations] = await Promise.all([api('/state'), api('/conversations')]);
  state.config = config;
  state.users.clear();
  state.entries.clear();
  state.byMessageId.clear();
  for (const user of conversations.users) addUser(user);
  for (const entry of conversations.entries) {
    state.entries.set(entry.seq, entry);
    if (entry.kind !== 'receipt' && entry.id) state.byMessageId.set(entry.id, entry);
  }
  $('bot-name').textContent = config.business.name;
  const badge = $('mode-badge');
  badge.dataset.mode = config.mode;
  badge.textContent = config.mode === 'forced-on' ? 'SIMULATOR=on' : 'local mode';
  $('sidebar-footer').innerHTML =
    `Messages go through the real <code>POST /webhook</code> (${config.webhook.signed ? 'signed with WP_APP_SECRET' : 'unsigned: WP_APP_SECRET is not set'}). ` +
    `The bot's answers go to a simulated Graph API that checks them against Meta's spec.`;
  renderSamples(config.samples);
  const remembered = localStorage.getItem(STORAGE_KEY);
  const first = state.users.has(state.current)
    ? state.current
    : state.users.has(remembered)
      ? remembered
      : conversations.users[0]?.waId;
  state.current = first;
  renderUsers();
  renderConversation();
}

function connect() {
  const source = new EventSource(`${API}/events`);
  // `ready` comes first on every (re)connection: the server may have restarted, so reload everything.
  source.addEventListener('ready', () =>
    loadAll().catch((error) => toast(`Could not load the simulator: ${error.message}`)),
  );
  source.addEventListener('entry', (event) => upsert(JSON.parse(event.data).entry));
  source.addEventListener('user', (event) => {
    addUser(JSON.parse(event.data).user);
    renderUsers();
  });
  source.addEventListener('typing', (event) => {
    const { waId, until } = JSON.parse(event.data);
    state.typingUntil.set(waId, Date.parse(until));
    if (waId === state.current) updateTyping();
  });
  source.addEventListener('error', () => {
    $('chat-status').textContent = source.readyState === EventSource.CLOSED ? 'disconnected' : 'connecting…';
  });
  source.addEventListener('open', () => updateTyping());
}

function renderSamples(samples) {
  $('photo-grid').replaceChildren(
    ...samples.map((sample) =>
      el(
        'button',
        {
          type: 'button',
          'aria-label': `Send photo: ${sample.title}`,
          onclick: () => {
            const caption = /** @type {HTMLInputElement} */ ($('photo-caption'));
            /** @type {HTMLDialogElement} */ ($('photo-dialog')).close();
            send({
              type: 'image',
              sample: sample.file,
              ...(caption.value.trim() ? { caption: caption.value.trim() } : {}),
            });
            caption.value = '';
          },
        },
        el('img', { src: sample.url, alt: '' }),
        sample.title,
      ),
    ),
  );
}

// ---------------------------------------------------------------- wiring

/** A username-only user has a username instead of a phone number: the form asks for one or the other. */
function showUsernameField(usernameOnly) {
  $('user-wa-id-field').hidden = usernameOnly;
  $('user-username-field').hidden = !usernameOnly;
  /** @type {HTMLInputElement} */ ($('user-username')).required = usernameOnly;
}

function wire() {
  const input = /** @type {HTMLInputElement} */ ($('message-input'));
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    send({ type: 'text', text });
  });
  $('user-select').addEventListener('change', (event) =>
    selectUser(/** @type {HTMLSelectElement} */ (event.target).value),
  );
  $('show-users').addEventListener(
    'click',
    () => ($('app').dataset.users = $('app').dataset.users === 'open' ? 'closed' : 'open'),
  );
  $('toggle-inspector').addEventListener('click', () => setInspector($('app').dataset.inspector !== 'open'));
  $('close-inspector').addEventListener('click', () => setInspector(false));
  $('new-user').addEventListener('click', () => openDialog('user-dialog'));
  $('attach').addEventListener('click', (event) => {
    event.stopPropagation();
    const menu = $('attach-menu');
    menu.hidden = !menu.hidden;
    $('attach').setAttribute('aria-expanded', String(!menu.hidden));
    if (!menu.hidden) /** @type {HTMLElement} */ (menu.querySelector('button')).focus();
  });
  $('attach-photo').addEventListener('click', () => openDialog('photo-dialog'));
  $('attach-location').addEventListener('click', () => openDialog('location-dialog'));
  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Element) || !event.target.closest('#reaction-picker, #attach-menu')) closeMenus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeMenus();
  });
  for (const button of document.querySelectorAll('[data-close]')) {
    button.addEventListener('click', () => /** @type {HTMLDialogElement} */ (button.closest('dialog')).close());
  }

  $('list-form').addEventListener('submit', () => {
    const chosen = /** @type {HTMLInputElement | null} */ ($('list-sections').querySelector('input:checked'));
    const entry = state.entries.get(Number($('list-sections').dataset.entry));
    if (!chosen || !entry) return;
    send({
      type: 'list_reply',
      id: chosen.value,
      title: chosen.dataset.title,
      ...(chosen.dataset.description ? { description: chosen.dataset.description } : {}),
      contextId: entry.id,
    });
  });

  $('place-list').replaceChildren(
    ...PLACES.map((place) =>
      el(
        'button',
        {
          type: 'button',
          'aria-label': `Send location: ${place.name}`,
          onclick: () => {
            /** @type {HTMLDialogElement} */ ($('location-dialog')).close();
            send({ type: 'location', ...place });
          },
        },
        el('strong', { text: place.name }),
        el('span', { text: place.address }),
      ),
    ),
  );
  $('location-form').addEventListener('submit', () => {
    const latitude = Number(/** @type {HTMLInputElement} */ ($('location-latitude')).value);
    const longitude = Number(/** @type {HTMLInputElement} */ ($('location-longitude')).value);
    const name = /** @type {HTMLInputElement} */ ($('location-name')).value.trim();
    send({ type: 'location', latitude, longitude, ...(name ? { name } : {}) });
  });

  $('time-travel').addEventListener('click', async () => {
    const user = currentUser();
    if (!user) return;
    try {
      upsert(
        (await api(`/users/${user.waId}/time-travel`, { method: 'POST', body: JSON.stringify({ hours: 25 }) })).entry,
      );
    } catch (error) {
      toast(`Could not travel in time: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  $('notify').addEventListener('click', () => openDialog('notify-dialog'));
  $('notify-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = currentUser();
    if (!user) return;
    const value = (id) => /** @type {HTMLInputElement} */ ($(id)).value.trim();
    const parameters = value('notify-parameters')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const template = value('notify-template')
      ? {
          name: value('notify-template'),
          language: value('notify-language'),
          components: parameters.length
            ? [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }]
            : [],
        }
      : undefined;
    const request = {
      ...(value('notify-text') ? { text: value('notify-text') } : {}),
      ...(template ? { template } : {}),
      category: value('notify-category'),
    };
    try {
      const { receipt, entry } = await api(`/users/${user.waId}/notifications`, {
        method: 'POST',
        body: JSON.stringify(request),
      });
      upsert(entry);
      /** @type {HTMLDialogElement} */ ($('notify-dialog')).close();
      toast(`Notification ${receipt.id} sent as ${receipt.channel}`);
    } catch (error) {
      toast(`Notification not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  const usernameOnly = /** @type {HTMLInputElement} */ ($('user-username-only'));
  usernameOnly.addEventListener('change', () => showUsernameField(usernameOnly.checked));
  $('user-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = /** @type {HTMLInputElement} */ ($('user-name'));
    const waId = /** @type {HTMLInputElement} */ ($('user-wa-id'));
    const username = /** @type {HTMLInputElement} */ ($('user-username'));
    const identity = usernameOnly.checked ? { username: username.value } : waId.value ? { waId: waId.value } : {};
    try {
      const { user } = await api('/users', {
        method: 'POST',
        body: JSON.stringify({ name: name.value, ...identity }),
      });
      addUser(user);
      /** @type {HTMLDialogElement} */ ($('user-dialog')).close();
      name.value = '';
      waId.value = '';
      username.value = '';
      usernameOnly.checked = false;
      showUsernameField(false);
      selectUser(user.waId);
    } catch (error) {
      toast(`Could not add the user: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  // Beside the chat on wide screens; a drawer over it on narrow ones, closed until asked for.
  const wide = window.matchMedia('(min-width: 1181px)');
  setInspector(wide.matches);
  wide.addEventListener('change', (event) => setInspector(event.matches));
}

wire();
connect();
