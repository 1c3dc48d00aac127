import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/spawn-app.js';

/**
 * Just enough of a Dockerfile reader for the deploy tests: instructions with their continuation lines joined,
 * grouped into stages. It knows no build arguments or heredocs: the Dockerfile uses neither, and a test that reads
 * one would fail here first rather than pass on a misreading.
 */

export interface Instruction {
  /** Upper-case keyword: `FROM`, `RUN`, `COPY`... */
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  readonly args: string;
}

export interface Stage {
  /** The image after `FROM`, e.g. `node:26-slim`. */
  readonly image: string;
  /** The name after `AS`, if any. */
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

export interface CopyInstruction {
  /** The stage named by `--from=`, or undefined for the build context. */
  readonly from: string | undefined;
  readonly sources: string[];
  readonly destination: string;
}

export const DOCKERFILE_PATH = join(PROJECT_ROOT, 'Dockerfile');

export function readDockerfile(path = DOCKERFILE_PATH): Stage[] {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    // Comments may sit between continuation lines; they end nothing.
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (!whole) continue;
    const match = /^(\S+)\s*(.*)$/.exec(whole);
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2] });
  }
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`Dockerfile: ${instruction.keyword} before any FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** The instructions of a stage with this keyword. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** A `COPY` in shell form (`COPY [--from=x] src... dest`); exec form is not used here. */
export function parseCopy(instruction: Instruction): CopyInstruction {
  const words = instruction.args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}

/**
 * Exec form (`["node", "dist/main.js"]`) as an array, or undefined for shell form. Shell form runs under
 * `/bin/sh -c`, which does not pass SIGTERM on to node.
 */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
}
