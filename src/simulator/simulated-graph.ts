import { Logger } from '@nestjs/common';
import { LocalRecordingTransport } from '../whatsapp/local-recording-transport.adapter.js';
import type { MediaRouter } from '../whatsapp/media-router.js';
import { SimulatedMediaStore } from '../whatsapp/simulated-media-store.adapter.js';
import type { TransportRouter } from '../whatsapp/transport-router.js';
import type { WhatsAppConfig } from '../whatsapp/whatsapp.config.js';
import type { WindowService } from '../window/window.service.js';

/** DI token of the simulated Graph the page shows: the one the bot's replies to simulated users go to. */
export const SIMULATED_GRAPH = Symbol('SIMULATED_GRAPH');

/** DI token of the simulated media store: where the sample photos go, and what the bot uploads for simulated users. */
export const SIMULATED_MEDIA = Symbol('SIMULATED_MEDIA');

/**
 * The simulated Graph for the page. In local mode it is the WhatsApp module's own transport (every send goes
 * there). Beside a real token (SIMULATOR=on), the simulator brings its own and diverts to it exactly the sends for
 * its users and their read receipts, so simulated users never reach Meta and real users never reach the page.
 * Either way it enforces the 24 h window like Meta (131047), from the same record the service keeps.
 */
export function simulatedGraphFor(
  local: LocalRecordingTransport | null,
  router: TransportRouter,
  window: WindowService,
): LocalRecordingTransport {
  const graph = local ?? divertedGraph(router);
  graph.enforceWindow((to) => window.isOpen(to));
  return graph;
}

function divertedGraph(router: TransportRouter): LocalRecordingTransport {
  const simulated = new LocalRecordingTransport();
  router.divert({ claims: (body) => simulated.isSimulated(body), transport: simulated });
  new Logger('SimulatorModule').warn(
    { transport: 'graph+simulated' },
    'message transport: SIMULATOR=on, so simulator users are answered by the simulated Graph API and everyone else through Graph',
  );
  return simulated;
}

/**
 * The simulated media store for the page. In local mode it is the WhatsApp module's own (the only media gateway).
 * Beside a real token the simulator brings its own and diverts to it the media ids it holds (its sample photos)
 * and the uploads for its users, so their media never reaches Meta and a real user's media never comes from here.
 */
export function simulatedMediaFor(
  local: SimulatedMediaStore | null,
  router: MediaRouter,
  graph: LocalRecordingTransport,
  config: WhatsAppConfig,
): SimulatedMediaStore {
  if (local) return local;
  const store = new SimulatedMediaStore({ maxDownloadBytes: config.mediaMaxDownloadBytes });
  router.divert({
    claimsMedia: (mediaId) => store.has(mediaId),
    claimsRecipient: (waId) => graph.isSimulatedUser(waId),
    gateway: store,
  });
  return store;
}
