import type { SimulatorReason, SimulatorSettings } from './simulator.config.js';

/** Why the simulator is off, as the boot line says it. */
const OFF_BECAUSE: Readonly<Record<Exclude<SimulatorReason, 'local' | 'forced-on'>, string>> = {
  'forced-off': 'SIMULATOR=off',
  production: 'NODE_ENV=production',
  'token-configured': 'WP_ACCESS_TOKEN is configured, so the bot talks to Meta',
};

/**
 * Whether the simulator runs in this process and why: provided in every mode (on or off) so `main.ts` can say
 * which in the boot log without knowing the rules.
 */
export class SimulatorStatus {
  constructor(readonly settings: SimulatorSettings) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** The page's URL when on, else the reason it is off and how to turn it on. */
  bootMessage(port: number): string {
    const { enabled, reason } = this.settings;
    if (enabled || reason === 'local' || reason === 'forced-on') return `simulator: http://localhost:${port}/simulator`;
    return `simulator off: ${OFF_BECAUSE[reason]} (set SIMULATOR=on to enable it)`;
  }
}
