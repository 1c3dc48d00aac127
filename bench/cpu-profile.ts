/** Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and sums self time per function and per package. */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly functions: readonly SelfTime[];
  readonly packages: readonly SelfTime[];
}

/** Which code a frame belongs to: an npm package, Node's internals, the product, or V8's pseudo-frames. */
function ownerOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nodeModules = url.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) {
    const [first, second] = url.slice(nodeModules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/dist/')) return 'product (dist/)';
  return url;
}

function shortUrl(url: string): string {
  const nodeModules = url.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) return url.slice(nodeModules + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

export function summarizeProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const msPerHit = totalHits === 0 ? 0 : (profile.endTime - profile.startTime) / 1000 / totalHits;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerHit;
    if (ms === 0) continue;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const frame = node.callFrame;
    const name = frame.url
      ? `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName || '(anonymous)';
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const owner = ownerOf(frame);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + ms);
  }
  const busyMs = [...byFunction.values()].reduce((sum, ms) => sum + ms, 0);
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, percent: busyMs === 0 ? 0 : (100 * ms) / busyMs }));
  return { busyMs, idleMs, functions: rank(byFunction), packages: rank(byPackage) };
}

export function renderSummary(summary: ProfileSummary): string {
  const line = (entry: SelfTime) =>
    `${entry.percent.toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.name}`;
  return [
    `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms`,
    '',
    'Self time by package:',
    ...summary.packages.map(line),
    '',
    'Top functions by self time:',
    ...summary.functions.map(line),
  ].join('\n');
}
