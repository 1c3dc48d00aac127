import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIMULATOR_PAGE_MISSING } from '../common/errors/error-messages.js';

/** One file of the page, read once at boot. */
export interface PageAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** A bundled picture the simulated user can send, described as Meta describes media in a webhook. */
export interface SampleImage {
  /** The asset's file name, e.g. `sample-sunset.png`. */
  readonly file: string;
  /** What the page shows, e.g. `Sunset`. */
  readonly title: string;
  readonly mimeType: string;
  /** Base64 SHA-256 of the bytes, as webhooks carry it. */
  readonly sha256: string;
  /** The picture itself: the simulator puts it into the simulated media store when a user sends it. */
  readonly data: Buffer;
}

/** Content types of the files the page is made of; anything else in the folder is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/** The sample pictures are the files named `sample-<title>.<png|jpg>`. */
const SAMPLE_PATTERN = /^sample-([a-z0-9-]+)\.(png|jpe?g)$/;

/** The page folder next to this module: `src/simulator/page` under jest, `dist/simulator/page` once built. */
export const DEFAULT_PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'page');

/**
 * The simulator page's static files, read into memory once at boot (a few hundred kilobytes) so serving them
 * needs no file system access per request and no static-files dependency. Only these names can ever be served,
 * which rules out path traversal by construction.
 */
export class PageAssets {
  private readonly files = new Map<string, PageAsset>();
  readonly samples: readonly SampleImage[];
  /** The samples' file names: what a simulated photo may name. */
  readonly sampleFiles: readonly string[];

  constructor(dir: string = DEFAULT_PAGE_DIR) {
    if (!existsSync(dir) || !existsSync(join(dir, 'index.html'))) throw new Error(SIMULATOR_PAGE_MISSING(dir));
    for (const name of readdirSync(dir).sort()) {
      const contentType = CONTENT_TYPES[extname(name).toLowerCase()];
      const path = join(dir, name);
      if (contentType && statSync(path).isFile()) this.files.set(name, { body: readFileSync(path), contentType });
    }
    this.samples = [...this.files.entries()].flatMap(([file, asset]) => {
      const match = SAMPLE_PATTERN.exec(file);
      return match ? [describeSample(file, match[1], asset)] : [];
    });
    this.sampleFiles = this.samples.map((sample) => sample.file);
  }

  /** The asset called `name` (a bare file name), or undefined. */
  get(name: string): PageAsset | undefined {
    return this.files.get(name);
  }

  sample(file: string): SampleImage | undefined {
    return this.samples.find((sample) => sample.file === file);
  }
}

function describeSample(file: string, slug: string, asset: PageAsset): SampleImage {
  const digest = createHash('sha256').update(asset.body).digest();
  const title = slug.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());
  return { file, title, mimeType: asset.contentType, sha256: digest.toString('base64'), data: asset.body };
}
