// Draws the simulator's sample pictures (src/simulator/page/sample-*.png): small procedural scenes, so the repository
// carries no third-party images. Run once with `node test/browser/make-sample-images.mjs` after changing a scene.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const WIDTH = 320;
const HEIGHT = 240;
const OUT = new URL('../../src/simulator/page/', import.meta.url);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** Encodes RGB pixels (`pixel(x, y) -> [r, g, b]`) as a PNG, each row with the Up filter (small for gradients). */
function png(pixel) {
  const rows = [];
  let previous = Buffer.alloc(WIDTH * 3);
  for (let y = 0; y < HEIGHT; y++) {
    const row = Buffer.alloc(WIDTH * 3);
    for (let x = 0; x < WIDTH; x++)
      row.set(
        pixel(x, y).map((v) => Math.max(0, Math.min(255, Math.round(v)))),
        x * 3,
      );
    const filtered = Buffer.alloc(WIDTH * 3 + 1);
    filtered[0] = 2;
    for (let i = 0; i < row.length; i++) filtered[i + 1] = (row[i] - previous[i]) & 0xff;
    rows.push(filtered);
    previous = row;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const quantize = (color, step = 4) => color.map((v) => Math.round(v / step) * step);

const scenes = {
  sunset(x, y) {
    const horizon = 150;
    const sun = Math.hypot(x - 160, y - 130);
    if (y < horizon) {
      if (sun < 34) return [255, 236, 170];
      const sky = mix([64, 40, 120], [255, 140, 70], y / horizon);
      return quantize(mix(sky, [255, 200, 120], Math.max(0, 1 - sun / 140) * 0.6));
    }
    const depth = (y - horizon) / (HEIGHT - horizon);
    const glitter = Math.abs(x - 160) < 40 * (1 - depth * 0.5) && (y >> 2) % 2 === 0 ? 0.35 : 0;
    return quantize(mix(mix([200, 90, 80], [30, 30, 80], depth), [255, 220, 150], glitter));
  },
  mountains(x, y) {
    const peak = (cx, cy, half) => cy + (Math.abs(x - cx) / half) * (200 - cy);
    const far = peak(90, 60, 150);
    const near = peak(230, 90, 130);
    if (y >= 200) return quantize(mix([90, 160, 70], [50, 110, 45], (y - 200) / 40));
    if (y >= near)
      return y < near + 14 && y < 110 ? [245, 248, 255] : quantize(mix([80, 90, 110], [60, 70, 85], (y - 90) / 110));
    if (y >= far)
      return y < far + 16 && y < 80 ? [250, 250, 255] : quantize(mix([120, 130, 160], [95, 105, 135], (y - 60) / 140));
    return quantize(mix([120, 180, 240], [210, 235, 250], y / 200));
  },
  forest(x, y) {
    const ground = 205;
    if (y >= ground) return quantize(mix([70, 120, 50], [40, 80, 35], (y - ground) / 35));
    for (let i = 0; i < 7; i++) {
      const cx = 25 + i * 45 + (i % 2) * 10;
      const top = 70 + ((i * 37) % 50);
      const trunk = Math.abs(x - cx) < 5 && y > ground - 22;
      if (trunk) return [100, 70, 40];
      const half = ((y - top) / (ground - 22 - top)) * 26;
      if (y >= top && y < ground - 22 && Math.abs(x - cx) <= half)
        return quantize(mix([40, 140, 70], [20, 90, 45], (y - top) / 120));
    }
    return quantize(mix([150, 205, 240], [235, 245, 220], y / ground));
  },
};

for (const [name, pixel] of Object.entries(scenes)) {
  const file = new URL(`sample-${name}.png`, OUT);
  const bytes = png(pixel);
  writeFileSync(file, bytes);
  console.log(`${file.pathname}: ${bytes.length} bytes`);
}
