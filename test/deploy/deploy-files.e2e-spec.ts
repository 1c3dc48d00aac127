import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { appConfig } from '../../src/common/config/app.config.js';
import { isRecord } from '../../src/common/is-record.js';
import { ScopedEnv } from '../../src/testing/scoped-env.js';
import { PROJECT_ROOT } from '../helpers/spawn-app.js';
import { runHealthCheck } from './healthcheck-command.js';

/**
 * docker-compose.yml and deploy/k8s/ cannot be run here (no images, no cluster), so they are parsed as YAML and
 * their promises asserted: the roles, the probe paths, and grace periods long enough for the service's drain.
 */

/** What closing takes beyond SHUTDOWN_GRACE_MS: SHUTDOWN_MARGIN_MS in src/main.ts. */
const SHUTDOWN_MARGIN_MS = 3000;
const K8S_DIR = join(PROJECT_ROOT, 'deploy', 'k8s');

type Yaml = Record<string, unknown>;

/** Walks `path` through nested maps and lists, failing with the path when a step is missing. */
function at(node: unknown, ...path: (string | number)[]): unknown {
  let current = node;
  for (const [index, key] of path.entries()) {
    const next = Array.isArray(current) ? current[key as number] : isRecord(current) ? current[key] : undefined;
    if (next === undefined) throw new Error(`missing ${path.slice(0, index + 1).join('.')}`);
    current = next;
  }
  return current;
}

/** Compose durations: `20s`, `1m30s`, `500ms`. */
function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.map((part) => part[0]).join('') !== value) throw new Error(`not a compose duration: ${value}`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit], 0);
}

/** SHUTDOWN_GRACE_MS's default, as the service computes it. */
function defaultShutdownGraceMs(): number {
  const env = new ScopedEnv(['SHUTDOWN_GRACE_MS']);
  env.clear();
  try {
    return appConfig().shutdownGraceMs;
  } finally {
    env.restore();
  }
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Yaml;
  const service = (name: string) => at(compose, 'services', name) as Yaml;

  it('runs Redis, the web role and the worker role, from this Dockerfile', () => {
    expect(Object.keys(at(compose, 'services') as Yaml).sort()).toEqual(['redis', 'web', 'worker']);
    expect(at(service('web'), 'environment', 'ROLE')).toBe('web');
    expect(at(service('worker'), 'environment', 'ROLE')).toBe('worker');
    for (const name of ['web', 'worker']) {
      expect(at(service(name), 'build')).toBe('.');
      expect(at(service(name), 'environment', 'REDIS_URL')).toBe('redis://redis:6379');
      expect(at(service(name), 'depends_on', 'redis', 'condition')).toBe('service_healthy');
    }
  });

  it('takes the environment from .env', () => {
    for (const name of ['web', 'worker']) expect([at(service(name), 'env_file')].flat()).toEqual(['.env']);
  });

  it('publishes the web port only, on the port the service listens on', () => {
    const port = at(service('web'), 'environment', 'PORT');
    // On loopback, for the TLS proxy on the same host.
    expect(at(service('web'), 'ports')).toEqual([`127.0.0.1:${port}:${port}`]);
    expect(service('worker').ports).toBeUndefined();
    expect(service('redis').ports).toBeUndefined();
    // Local mode's 127.0.0.1 would be unreachable from outside the container.
    expect(at(service('web'), 'environment', 'HOST')).toBe('0.0.0.0');
  });

  it('health-checks Redis, and both roles on /health/live with a command that works', async () => {
    expect(at(service('redis'), 'healthcheck', 'test')).toEqual(['CMD', 'redis-cli', 'ping']);
    for (const name of ['web', 'worker']) {
      const test = at(service(name), 'healthcheck', 'test') as string[];
      expect(test[0]).toBe('CMD');
      expect(test.join(' ')).toContain('/health/live');
      expect(await runHealthCheck(test.slice(1), 200)).toBe(0);
      expect(await runHealthCheck(test.slice(1), 503)).toBe(1);
    }
  });

  it('gives the service longer than its shutdown grace to drain before SIGKILL', () => {
    const needed = defaultShutdownGraceMs() + SHUTDOWN_MARGIN_MS;
    for (const name of ['web', 'worker']) {
      expect(durationMs(at(service(name), 'stop_grace_period') as string)).toBeGreaterThan(needed);
    }
  });

  it('keeps Redis from evicting queue keys', () => {
    expect((at(service('redis'), 'command') as string[]).join(' ')).toContain('--maxmemory-policy noeviction');
  });
});

describe('deploy/k8s', () => {
  const documents = readdirSync(K8S_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
        return { file, manifest: document.toJS() as Yaml };
      }),
    );
  const find = (kind: string, name: string): Yaml => {
    const found = documents.find(({ manifest }) => manifest.kind === kind && at(manifest, 'metadata', 'name') === name);
    if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
    return found.manifest;
  };
  const deployments = {
    web: find('Deployment', 'whatsapp-cloud-bot-web'),
    worker: find('Deployment', 'whatsapp-cloud-bot-worker'),
  };
  const container = (deployment: Yaml) => at(deployment, 'spec', 'template', 'spec', 'containers', 0) as Yaml;
  const envValue = (deployment: Yaml, name: string) =>
    (at(container(deployment), 'env') as Yaml[]).find((entry) => entry.name === name)?.value;
  const configMap = find('ConfigMap', 'whatsapp-cloud-bot');

  it('applies with kustomize: every listed resource exists, and the Secret template is not applied', () => {
    const kustomization = documents.find(({ file }) => file === 'kustomization.yaml')?.manifest;
    const resources = at(kustomization, 'resources') as string[];
    for (const resource of resources) expect(existsSync(join(K8S_DIR, resource))).toBe(true);
    expect(resources).not.toContain('secret.example.yaml');
  });

  it('runs a web and a worker Deployment, each with its ROLE', () => {
    expect(envValue(deployments.web, 'ROLE')).toBe('web');
    expect(envValue(deployments.worker, 'ROLE')).toBe('worker');
  });

  it.each(['web', 'worker'] as const)('%s: liveness on /health/live, readiness on /health/ready', (role) => {
    const pod = container(deployments[role]);
    expect(at(pod, 'livenessProbe', 'httpGet', 'path')).toBe('/health/live');
    expect(at(pod, 'startupProbe', 'httpGet', 'path')).toBe('/health/live');
    expect(at(pod, 'readinessProbe', 'httpGet', 'path')).toBe('/health/ready');
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      expect(at(pod, probe, 'httpGet', 'port')).toBe(at(pod, 'ports', 0, 'name'));
    }
    expect(String(at(pod, 'ports', 0, 'containerPort'))).toBe(envValue(deployments[role], 'PORT'));
  });

  it.each(['web', 'worker'] as const)(
    '%s: terminationGracePeriodSeconds covers the preStop pause, SHUTDOWN_GRACE_MS and closing',
    (role) => {
      const pod = at(deployments[role], 'spec', 'template', 'spec') as Yaml;
      const lifecycle = container(deployments[role]).lifecycle;
      const preStopMs = lifecycle === undefined ? 0 : Number(at(lifecycle, 'preStop', 'sleep', 'seconds')) * 1000;
      const graceMs = Number((at(configMap, 'data') as Yaml).SHUTDOWN_GRACE_MS ?? defaultShutdownGraceMs());
      expect(Number(at(pod, 'terminationGracePeriodSeconds')) * 1000).toBeGreaterThan(
        preStopMs + graceMs + SHUTDOWN_MARGIN_MS,
      );
    },
  );

  it.each(['web', 'worker'] as const)('%s: secrets come from a Secret, never from the manifest', (role) => {
    const pod = container(deployments[role]);
    const secretRefs = (at(pod, 'envFrom') as Yaml[]).flatMap((source) =>
      isRecord(source.secretRef) ? [source.secretRef.name] : [],
    );
    expect(secretRefs).toEqual([at(find('Secret', 'whatsapp-cloud-bot'), 'metadata', 'name')]);
    const inline = (at(pod, 'env') as Yaml[]).map((entry) => entry.name);
    const configured = Object.keys(at(configMap, 'data') as Yaml);
    for (const name of [...inline, ...configured]) {
      expect(name).not.toMatch(/TOKEN|SECRET|KEY|REDIS_URL|PHONE_ID/);
    }
  });

  it.each(['web', 'worker'] as const)('%s: runs as a non-root user', (role) => {
    expect(at(deployments[role], 'spec', 'template', 'spec', 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(at(container(deployments[role]), 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
  });

  it('exposes the web pods, and only them, through the Service and the TLS Ingress', () => {
    const service = find('Service', 'whatsapp-cloud-bot-web');
    const selector = at(service, 'spec', 'selector') as Yaml;
    const labelsOf = (deployment: Yaml) => at(deployment, 'spec', 'template', 'metadata', 'labels') as Yaml;
    const selects = (labels: Yaml) => Object.entries(selector).every(([key, value]) => labels[key] === value);
    expect(selects(labelsOf(deployments.web))).toBe(true);
    expect(selects(labelsOf(deployments.worker))).toBe(false);
    expect(at(service, 'spec', 'ports', 0, 'targetPort')).toBe(at(container(deployments.web), 'ports', 0, 'name'));

    const ingress = find('Ingress', 'whatsapp-cloud-bot');
    expect((at(ingress, 'spec', 'tls') as unknown[]).length).toBeGreaterThan(0);
    const path = at(ingress, 'spec', 'rules', 0, 'http', 'paths', 0) as Yaml;
    expect(path.path).toBe('/webhook');
    expect(at(path, 'backend', 'service', 'name')).toBe(at(service, 'metadata', 'name'));
  });
});
