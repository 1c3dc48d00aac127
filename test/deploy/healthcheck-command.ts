import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Runs a container health check command (`["node", "-e", "..."]`, as the Dockerfile and compose file declare it)
 * on this machine, against a loopback server that answers `/health/live` with `status`, and resolves with the
 * command's exit code. Docker runs the same command inside the container: exit 0 is healthy.
 */
export async function runHealthCheck(command: readonly string[], status: number | 'no server'): Promise<number> {
  if (command[0] !== 'node')
    throw new Error(`The health check must run node (slim images have no curl): ${command[0]}`);
  let server: Server | undefined;
  let port = 1;
  const requests: string[] = [];
  if (status !== 'no server') {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(req.url === '/health/live' ? status : 404).end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  try {
    const child = spawn(process.execPath, command.slice(1), {
      env: { PATH: process.env.PATH, PORT: String(port) },
      stdio: 'ignore',
    });
    // Bounded: a check that hangs is as broken as one that fails.
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? -1)));
    clearTimeout(killer);
    if (server && code === 0 && !requests.includes('/health/live')) {
      throw new Error(`The health check exited 0 without asking /health/live (asked: ${requests.join(', ')})`);
    }
    return code;
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
