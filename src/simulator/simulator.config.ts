import { registerAs, type ConfigType } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { InvalidEnvironmentError, validateEnv } from '../common/config/validate-env.js';
import { SIMULATOR_TOKEN_REQUIRED } from '../common/errors/error-messages.js';

/** Shortest SIMULATOR_TOKEN accepted: long enough that guessing it over HTTP is hopeless. */
export const MIN_SIMULATOR_TOKEN_LENGTH = 32;

class SimulatorEnv {
  /** `on` forces the simulator on (even in production or with a token), `off` forces it off; unset → local mode decides. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(['on', 'off'])
  SIMULATOR?: 'on' | 'off';
  @IsOptional() @IsString() WP_ACCESS_TOKEN?: string;
  @IsOptional() @IsString() NODE_ENV?: string;
  @IsOptional() @IsString() @MinLength(MIN_SIMULATOR_TOKEN_LENGTH) SIMULATOR_TOKEN?: string;
}

/**
 * Why the simulator is on or off. `local`: no token outside production (local mode); `forced-on`: SIMULATOR=on;
 * `forced-off`: SIMULATOR=off; `production` / `token-configured`: off because this instance talks to real users.
 */
export type SimulatorReason = 'local' | 'forced-on' | 'forced-off' | 'production' | 'token-configured';

export interface SimulatorSettings {
  readonly enabled: boolean;
  readonly reason: SimulatorReason;
  /**
   * True when the simulator runs next to a real Graph transport (SIMULATOR=on with WP_ACCESS_TOKEN): only the
   * simulator's own users are answered by the simulated Graph, everyone else by Meta.
   */
  readonly besideRealGraph: boolean;
  /**
   * SIMULATOR_TOKEN: a request that carries it (bearer or the cookie `/simulator?token=` sets) is let in from any
   * host name. Never logged.
   */
  readonly token: string | undefined;
  /** Whether every simulator request must carry the token: the simulator is on in production. */
  readonly tokenRequired: boolean;
}

/**
 * Decides whether the simulator runs. Rules in order, the first match wins:
 * an explicit SIMULATOR=off or SIMULATOR=on; then production (real users, never a test page by accident);
 * then a configured token (the bot talks to Meta, so a page that fakes users should be asked for); else local mode.
 * In production a running simulator needs SIMULATOR_TOKEN: without it the boot stops.
 */
export function loadSimulatorConfig(env: Record<string, string | undefined>): SimulatorSettings {
  const vars = validateEnv(SimulatorEnv, env);
  const decided = decide(vars);
  const tokenRequired = decided.enabled && vars.NODE_ENV === 'production';
  if (tokenRequired && !vars.SIMULATOR_TOKEN) throw new InvalidEnvironmentError(SIMULATOR_TOKEN_REQUIRED());
  return { ...decided, token: vars.SIMULATOR_TOKEN, tokenRequired };
}

function decide(vars: SimulatorEnv): Pick<SimulatorSettings, 'enabled' | 'reason' | 'besideRealGraph'> {
  const hasToken = Boolean(vars.WP_ACCESS_TOKEN);
  if (vars.SIMULATOR === 'off') return { enabled: false, reason: 'forced-off', besideRealGraph: false };
  if (vars.SIMULATOR === 'on') return { enabled: true, reason: 'forced-on', besideRealGraph: hasToken };
  if (vars.NODE_ENV === 'production') return { enabled: false, reason: 'production', besideRealGraph: false };
  if (hasToken) return { enabled: false, reason: 'token-configured', besideRealGraph: false };
  return { enabled: true, reason: 'local', besideRealGraph: false };
}

/** The settings from the process environment, for the module that decides at boot which routes exist. */
export const readSimulatorSettings = (): SimulatorSettings => loadSimulatorConfig(process.env);

export const simulatorConfig = registerAs('simulator', readSimulatorSettings);

export type SimulatorConfig = ConfigType<typeof simulatorConfig>;
