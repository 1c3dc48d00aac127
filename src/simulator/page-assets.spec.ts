import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIMULATOR_PAGE_MISSING } from '../common/errors/error-messages.js';
import { PageAssets } from './page-assets.js';

describe('PageAssets', () => {
  it('serves the bundled page with content types, and describes the sample pictures as a webhook would', () => {
    const assets = new PageAssets();
    expect(assets.get('index.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(assets.get('simulator.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.get('simulator.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(assets.samples.length).toBeGreaterThanOrEqual(3);
    for (const sample of assets.samples) {
      expect(sample).toEqual({
        file: expect.stringMatching(/^sample-[a-z-]+\.png$/),
        title: expect.stringMatching(/^[A-Z]/),
        mimeType: 'image/png',
        sha256: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
        data: assets.get(sample.file)?.body,
      });
      // Small enough to keep in the repository and in memory.
      expect(assets.get(sample.file)?.body.length).toBeLessThan(50_000);
    }
  });

  it('serves nothing but the files of its folder', () => {
    const assets = new PageAssets();
    expect(assets.get('../page-assets.ts')).toBeUndefined();
    expect(assets.get('page-assets.js')).toBeUndefined();
  });

  it('fails the boot with a fix when the page folder did not ship', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulator-page-'));
    try {
      expect(() => new PageAssets(dir)).toThrow(SIMULATOR_PAGE_MISSING(dir));
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
      writeFileSync(join(dir, 'notes.txt'), 'not served');
      const assets = new PageAssets(dir);
      expect(assets.get('index.html')).toBeDefined();
      expect(assets.get('notes.txt')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
