import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileTypeValidator } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { PROJECT_ROOT } from '../helpers/spawn-app.js';

/**
 * package.json `overrides` replaces dependencies of our dependencies whose newest versions declare Node >= 22, so
 * that `npm ci` on Node 20 prints no EBADENGINE warning. Each override is an older version on the same API, and
 * each code path we reach through it is exercised here (the @nestjs/cli ones by `npm run build`, which runs
 * `nest build` before every `npm test`).
 */

interface PackageJson {
  version: string;
  overrides?: Record<string, unknown>;
}

const rootPackage = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;
/**
 * The version of `name` that `from` loads: its own nested copy (where an override installs it when the hoisted one
 * differs) or else the hoisted one. Read from disk: some packages do not export their package.json.
 */
function installedVersion(name: string, from: string): string {
  const candidates = [join('node_modules', from, 'node_modules', name), join('node_modules', name)];
  const dir = candidates.find((candidate) => existsSync(join(PROJECT_ROOT, candidate, 'package.json')));
  if (!dir) throw new Error(`${name} is not installed for ${from}`);
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, dir, 'package.json'), 'utf8')) as PackageJson).version;
}

describe('Dependency overrides', () => {
  it('are installed as declared (package-lock.json matches package.json)', () => {
    expect(rootPackage.overrides).toMatchObject({ cookie: '1.1.1', 'file-type': '21.3.4' });
    expect(installedVersion('cookie', 'light-my-request')).toBe('1.1.1');
    expect(installedVersion('file-type', '@nestjs/common')).toBe('21.3.4');
    expect(installedVersion('commander', '@nestjs/cli')).toBe('14.0.3');
  });

  // cookie is used only by light-my-request, and only when Fastify's inject() is given cookies: encoded with
  // cookie's stringifySetCookie, which 1.1 and 2.0 both export.
  it('cookie 1.x: Fastify inject() sends the cookies it is given, encoded', async () => {
    const fastify = new FastifyAdapter().getInstance();
    fastify.get('/', (request) => ({ cookie: request.headers.cookie }));
    const response = await fastify.inject({ method: 'GET', url: '/', cookies: { session: 'a b', lang: 'pt' } });
    expect(response.json()).toEqual({ cookie: 'session=a%20b; lang=pt' });
    await fastify.close();
  });

  // file-type is loaded by @nestjs/common only inside FileTypeValidator (magic-number checks of uploads), which
  // this service does not use; the check proves the path would still work on 21.x.
  it('file-type 21.x: FileTypeValidator recognises a PNG by its bytes and rejects a JPEG that claims to be one', async () => {
    const validator = new FileTypeValidator({ fileType: 'image/png' });
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
    expect(await validator.isValid({ mimetype: 'image/png', buffer: png, size: png.length })).toBe(true);
    expect(await validator.isValid({ mimetype: 'image/png', buffer: jpeg, size: jpeg.length })).toBe(false);
  });
});
