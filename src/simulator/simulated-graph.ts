import { Logger } from '@nestjs/common';
import { LocalRecordingTransport } from '../whatsapp/local-recording-transport.adapter.js';
import type { TransportRouter } from '../whatsapp/transport-router.js';

/** DI token of the simulated Graph the page shows: the one the bot's replies to simulated users go to. */
export const SIMULATED_GRAPH = Symbol('SIMULATED_GRAPH');

/**
 * The simulated Graph for the page. In local mode it is the WhatsApp module's own transport (every send goes
 * there). Beside a real token (SIMULATOR=on), the simulator brings its own and diverts to it exactly the sends for
 * its users and their read receipts, so simulated users never reach Meta and real users never reach the page.
 */
export function simulatedGraphFor(
  local: LocalRecordingTransport | null,
  router: TransportRouter,
): LocalRecordingTransport {
  if (local) return local;
  const simulated = new LocalRecordingTransport();
  router.divert({ claims: (body) => simulated.isSimulated(body), transport: simulated });
  new Logger('SimulatorModule').warn(
    { transport: 'graph+simulated' },
    'message transport: SIMULATOR=on, so simulator users are answered by the simulated Graph API and everyone else through Graph',
  );
  return simulated;
}
