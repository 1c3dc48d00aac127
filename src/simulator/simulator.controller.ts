import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  SIMULATOR_CROSS_ORIGIN,
  SIMULATOR_INVALID_REQUEST,
  SIMULATOR_JSON_ONLY,
  SIMULATOR_TOO_MANY_STREAMS,
  SIMULATOR_UNKNOWN_USER,
} from '../common/errors/error-messages.js';
import { INVALID_JSON } from '../common/http/raw-json-body.js';
import { isUserId } from '../common/user-ref.js';
import { sendNotificationOverHttp } from '../notifications/notification-http.js';
import { NotificationService, type NotificationReceipt } from '../notifications/notification.service.js';
import { WindowService } from '../window/window.service.js';
import type { SimulatedMediaStore } from '../whatsapp/simulated-media-store.adapter.js';
import { PageAssets, type PageAsset } from './page-assets.js';
import { SIMULATED_MEDIA } from './simulated-graph.js';
import { SimulatorAccess } from './simulator-access.js';
import { SimulatorAccessGuard, TokenInQuery } from './simulator-access.guard.js';
import { SimulatorContext } from './simulator-context.js';
import { MAX_SUBSCRIBERS, SimulatorHub, TYPING_TIMEOUT_MS } from './simulator-hub.service.js';
import {
  isUserRef,
  parseNewUserRequest,
  parseUserMessageRequest,
  USER_REF_PROBLEM,
  type Parsed,
} from './simulator-request.parser.js';
import { SimulatorService } from './simulator.service.js';
import type { ConversationEntry, NoteEntry, SimulatedUser, SimulatorEvent, UserEntry } from './simulator.types.js';

/** Comment lines keep proxies and browsers from timing an idle stream out. */
const HEARTBEAT_MS = 15_000;
/** A client that stops reading is dropped once this much is queued for it, instead of buffering without bound. */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * The page is same-origin static files: scripts, styles and fonts only from here (no CDN), connections only back
 * here (the API and the event stream). Images may come from anywhere, because bot messages may link pictures.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: http: https:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // The page is tiny and changes with each build: always revalidate rather than serve a stale copy.
  'cache-control': 'no-cache',
} as const;

/**
 * Stored media is whatever a flow uploaded, of any type it named: it is shown, never run. The sandbox keeps an
 * uploaded HTML or SVG file from acting as a page of this origin; only pictures, audio and video open inline.
 */
const MEDIA_HEADERS = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Ids are derived from the bytes, so the answer for an id never changes.
  'cache-control': 'private, max-age=3600',
} as const;
const INLINE_MEDIA_TYPE = /^(image|audio|video)\/[\w.+-]+$/;

/**
 * The local WhatsApp simulator: the chat page, its assets, and the API it uses. Registered only when the simulator
 * is enabled (see SimulatorModule): otherwise none of these routes exist and they answer 404 like any unknown URL.
 * Every route is behind SimulatorAccessGuard (loopback host names only, or SIMULATOR_TOKEN).
 */
@Controller('simulator')
@UseGuards(SimulatorAccessGuard)
export class SimulatorController {
  constructor(
    private readonly assets: PageAssets,
    private readonly hub: SimulatorHub,
    private readonly simulator: SimulatorService,
    private readonly context: SimulatorContext,
    private readonly access: SimulatorAccess,
    private readonly window: WindowService,
    private readonly notifications: NotificationService,
    @Inject(SIMULATED_MEDIA) private readonly media: SimulatedMediaStore,
  ) {}

  /** The page. With `?token=<SIMULATOR_TOKEN>` it sets the cookie and redirects, so the token leaves the address bar. */
  @Get()
  @TokenInQuery(true)
  page(@Query('token') token: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (typeof token === 'string' && this.access.isToken(token)) {
      void reply
        .code(303)
        .headers({
          'set-cookie': this.access.cookieHeader(isHttps(request)),
          location: '/simulator',
          'cache-control': 'no-store',
        })
        .send();
      return;
    }
    void reply.send(this.serve(reply, this.assets.get('index.html'), 'index.html'));
  }

  @Get('assets/:file')
  asset(
    @Param('file') file: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Buffer {
    const asset = this.assets.get(file);
    // Same answer as an unknown route: the page's file names are not a directory listing to probe.
    if (!asset) throw new NotFoundException(`Cannot GET ${request.url}`);
    return this.serve(reply, asset, file);
  }

  /** What the page needs to start: the business, the users, the sample pictures and how webhooks are sent. */
  @Get('api/state')
  state() {
    return {
      mode: this.context.settings.reason,
      fictionalNumbersOnly: this.context.fictionalNumbersOnly,
      business: { ...this.context.business, name: this.context.botName },
      webhook: { path: '/webhook', signed: Boolean(this.context.appSecret) },
      graph: { path: this.context.graphPath, simulated: true },
      typingTimeoutMs: TYPING_TIMEOUT_MS,
      users: this.hub.users(),
      samples: this.assets.samples.map(({ file, title, mimeType }) => ({
        file,
        title,
        mimeType,
        url: `/simulator/assets/${file}`,
      })),
    };
  }

  /** Media the bot uploaded (or a sample a user sent), by media id: the page shows it in the bot's messages. */
  @Get('api/media/:id')
  mediaFile(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Buffer {
    const stored = this.media.get(id);
    if (!stored) throw new NotFoundException(`Cannot GET ${request.url}`);
    const inline = INLINE_MEDIA_TYPE.test(stored.mimeType);
    void reply.headers({
      ...MEDIA_HEADERS,
      'content-type': inline ? stored.mimeType : 'application/octet-stream',
      'content-disposition': inline ? 'inline' : 'attachment',
    });
    return stored.data;
  }

  /** Every user's conversation: the messages, the webhook JSON of each, and the bot's Graph calls with their check. */
  @Get('api/conversations')
  conversations(): { users: SimulatedUser[]; entries: ConversationEntry[] } {
    return { users: this.hub.users(), entries: this.hub.allEntries() };
  }

  @Get('api/conversations/:waId')
  conversation(@Param('waId') waId: string): { user: SimulatedUser; entries: ConversationEntry[] } {
    const user = this.hub.user(waId);
    const entries = this.hub.entries(waId);
    if (!user || !entries) throw new NotFoundException(SIMULATOR_UNKNOWN_USER(waId));
    return { user, entries };
  }

  @Post('api/users')
  createUser(@Body() body: unknown, @Req() request: FastifyRequest): { user: SimulatedUser } {
    assertFromOwnPage(request);
    const parsed = parseNewUserRequest(jsonBody(body), { fictionalNumbersOnly: this.context.fictionalNumbersOnly });
    const newUser = valueOrBadRequest(parsed);
    if ('username' in newUser) return { user: this.hub.createUsernameOnlyUser(newUser.name, newUser.username) };
    return { user: this.hub.createUser(newUser.name, newUser.waId) };
  }

  /** The simulated user sends a message: Meta's webhook JSON for it is posted to `/webhook`. */
  @Post('api/messages')
  @HttpCode(200)
  async send(@Body() body: unknown, @Req() request: FastifyRequest): Promise<{ entry: UserEntry }> {
    assertFromOwnPage(request);
    const parsed = parseUserMessageRequest(jsonBody(body), {
      fictionalNumbersOnly: this.context.fictionalNumbersOnly,
      samples: this.assets.sampleFiles,
    });
    const message = valueOrBadRequest(parsed);
    // BSUIDs come only from POST /api/users: any other could be a real user's, whose replies would stay here.
    if (isUserId(message.waId) && !this.hub.user(message.waId))
      throw new BadRequestException(
        SIMULATOR_INVALID_REQUEST(['waId: a BSUID of a username-only user created with POST /simulator/api/users']),
      );
    return { entry: await this.simulator.send(message) };
  }

  /**
   * Time travel: moves the user's last message `hours` (default 25) into the past, so the 24 h window can be tried
   * closed without waiting a day. The bot's free-form replies are then refused like Meta refuses them (131047).
   */
  @Post('api/users/:waId/time-travel')
  @HttpCode(200)
  async timeTravel(
    @Param('waId') waId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ entry: NoteEntry }> {
    assertFromOwnPage(request);
    this.knownUser(waId);
    const hours = valueOrBadRequest(parseTimeTravelHours(jsonBody(body)));
    await this.window.rewind(waId, hours * 3600 * 1000);
    const state = (await this.window.isOpen(waId)) ? 'still open' : 'closed';
    return { entry: this.hub.addNote(waId, `⏩ Time travel: ${hours} h later. The 24-hour window is ${state}.`) };
  }

  /**
   * The notifications API for a simulated user, without API_TOKEN: the same request body and the same answers
   * as `POST /api/notifications` (422 OUTSIDE_WINDOW, 409 OPTED_OUT, 400 per bad field), `to` taken from the URL.
   */
  @Post('api/users/:waId/notifications')
  @HttpCode(202)
  async notify(
    @Param('waId') waId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ receipt: NotificationReceipt; entry: NoteEntry }> {
    assertFromOwnPage(request);
    this.knownUser(waId);
    const fields = jsonBody(body);
    const payload = typeof fields === 'object' && fields !== null ? { ...fields, to: waId } : fields;
    const receipt = await sendNotificationOverHttp(this.notifications, payload);
    return { receipt, entry: this.hub.addNote(waId, `🔔 Notification ${receipt.id} sent as ${receipt.channel}.`) };
  }

  /**
   * Server-sent events: `entry` (a message or Graph call, new or updated), `user` (a new simulated user) and
   * `typing`. `?waId=` limits the stream to one user; without it the page gets every user on one connection.
   */
  @Get('api/events')
  events(@Query('waId') waId: string | undefined, @Res() reply: FastifyReply): void {
    if (waId !== undefined && !isUserRef(waId))
      throw new BadRequestException(SIMULATOR_INVALID_REQUEST([USER_REF_PROBLEM]));
    if (!this.hub.canSubscribe()) throw new ServiceUnavailableException(SIMULATOR_TOO_MANY_STREAMS(MAX_SUBSCRIBERS));
    // From here on we own the raw response: Nest and Fastify must not answer it.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies (nginx) would otherwise buffer the stream and deliver events late.
      'x-accel-buffering': 'no',
    });
    // Assigned once the stream is open; `end` may run before that (a client that is already gone).
    let heartbeat: NodeJS.Timeout | undefined = undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      if (!response.writableEnded && !response.destroyed) response.end();
    };
    const write = (chunk: string) => {
      if (response.writableEnded || response.destroyed) return;
      if (response.writableLength > MAX_QUEUED_BYTES) return end();
      response.write(chunk);
    };
    const unsubscribe = this.hub.subscribe({ waId, send: (event) => write(formatEvent(event)), close: end });
    // `retry` tells EventSource how soon to reconnect after a restart; `ready` tells the page to (re)load state.
    write(`retry: 2000\n\n${formatEvent({ type: 'ready' })}`);
    heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
    // The interval must never keep a stopping process alive.
    heartbeat.unref();
    // The response (not the request, whose 'close' only means its body was read) closes when the client goes away.
    response.on('close', end);
  }

  private knownUser(waId: string): void {
    if (!isUserRef(waId)) throw new BadRequestException(SIMULATOR_INVALID_REQUEST([USER_REF_PROBLEM]));
    if (!this.hub.user(waId)) throw new NotFoundException(SIMULATOR_UNKNOWN_USER(waId));
  }

  private serve(reply: FastifyReply, asset: PageAsset | undefined, name: string): Buffer {
    if (!asset) throw new NotFoundException(`Cannot GET /simulator/assets/${name}`);
    void reply.headers({ ...PAGE_HEADERS, 'content-type': asset.contentType });
    return asset.body;
  }
}

/** One SSE message: the event name and its JSON on one `data:` line (JSON.stringify never emits a newline). */
function formatEvent(event: SimulatorEvent | { type: 'ready' }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Only the simulator's own page may post. A JSON content type makes a browser ask before any cross-site post (the
 * CORS preflight, which this app never grants), and an `Origin` other than this host is refused outright: another
 * web page open in the developer's browser must not be able to talk to the bot as a simulated user.
 */
function assertFromOwnPage(request: FastifyRequest): void {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) throw new UnsupportedMediaTypeException(SIMULATOR_JSON_ONLY());
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  // Behind a reverse proxy the page's host arrives as X-Forwarded-Host.
  const ownHosts = [request.headers.host, request.headers['x-forwarded-host']].flat();
  if (originHost === undefined || !ownHosts.includes(originHost))
    throw new ForbiddenException(SIMULATOR_CROSS_ORIGIN());
}

/** Whether the browser reached us over HTTPS, directly or through a proxy that says so: the cookie is then Secure. */
function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

function jsonBody(body: unknown): unknown {
  return body === INVALID_JSON ? undefined : body;
}

/** `{ hours?: 1..720 }`: a month is far enough to close any window, and keeps the arithmetic sane. */
function parseTimeTravelHours(body: unknown): Parsed<number> {
  const hours = typeof body === 'object' && body !== null ? (body as { hours?: unknown }).hours : undefined;
  if (hours === undefined) return { ok: true, value: 25 };
  if (typeof hours === 'number' && Number.isInteger(hours) && hours >= 1 && hours <= 720)
    return { ok: true, value: hours };
  return { ok: false, problems: ['hours: a whole number from 1 to 720'] };
}

function valueOrBadRequest<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new BadRequestException(SIMULATOR_INVALID_REQUEST(parsed.problems));
  return parsed.value;
}
