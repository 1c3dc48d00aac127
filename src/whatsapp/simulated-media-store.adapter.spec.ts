import { createHash } from 'node:crypto';
import { GRAPH_MEDIA_TOO_LARGE, SIMULATED_MEDIA_TOO_LARGE } from '../common/errors/error-messages.js';
import { GraphApiError, MediaTooLargeError } from './graph-api.error.js';
import { SimulatedMediaStore, simulatedMediaId } from './simulated-media-store.adapter.js';
import { DEFAULT_MEDIA_MAX_DOWNLOAD_BYTES } from './whatsapp.config.js';

const bytes = (text: string) => Buffer.from(text);

describe('SimulatedMediaStore', () => {
  it('serves what was put under the returned id, described like a Graph download', async () => {
    const store = new SimulatedMediaStore();
    const data = bytes('photo bytes');
    const id = store.put(data, 'image/png');

    expect(id).toMatch(/^\d{16}$/);
    const downloaded = await store.download(id);
    expect(downloaded).toEqual({
      data,
      mimeType: 'image/png',
      sha256: createHash('sha256').update(data).digest('hex'),
      fileSize: data.length,
    });
  });

  it('keeps its own copy: changing the caller’s buffer, or a downloaded one, changes nothing stored', async () => {
    const store = new SimulatedMediaStore();
    const data = bytes('original');
    const id = store.put(data, 'text/plain');
    data.write('tampered');
    (await store.download(id)).data.write('tampered');
    expect((await store.download(id)).data.toString()).toBe('original');
  });

  it('gives the same bytes the same id, and a new type replaces the old one', async () => {
    const store = new SimulatedMediaStore();
    const id = store.put(bytes('same'), 'image/png');
    expect(store.put(bytes('same'), 'image/png')).toBe(id);
    expect(simulatedMediaId(bytes('same'))).toBe(id);
    expect(store.put(bytes('other'), 'image/png')).not.toBe(id);
    store.put(bytes('same'), 'image/jpeg');
    await expect(store.download(id)).resolves.toMatchObject({ mimeType: 'image/jpeg' });
  });

  it('accepts uploads, whose ids it then serves (reply.media by id in the simulator)', async () => {
    const store = new SimulatedMediaStore();
    const id = await store.upload(bytes('%PDF-1.7'), 'application/pdf');
    expect(store.has(id)).toBe(true);
    await expect(store.download(id)).resolves.toMatchObject({ mimeType: 'application/pdf', fileSize: 8 });
  });

  it('fails an unknown id as Graph does (400, code 100, subcode 33)', async () => {
    const failure = new SimulatedMediaStore().download('1234567890123456');
    await expect(failure).rejects.toBeInstanceOf(GraphApiError);
    await expect(failure).rejects.toMatchObject({ status: 400, graphCode: 100, subcode: 33 });
  });

  it('refuses a download over its cap: the configured default, or the maxBytes asked for', async () => {
    const store = new SimulatedMediaStore({ maxDownloadBytes: 4 });
    const id = store.put(bytes('12345'), 'text/plain');
    await expect(store.download(id)).rejects.toThrow(new MediaTooLargeError(GRAPH_MEDIA_TOO_LARGE(4)));
    await expect(store.download(id, { maxBytes: 5 })).resolves.toMatchObject({ fileSize: 5 });
    const unconfigured = new SimulatedMediaStore();
    const large = unconfigured.put(Buffer.alloc(DEFAULT_MEDIA_MAX_DOWNLOAD_BYTES + 1), 'video/mp4');
    await expect(unconfigured.download(large)).rejects.toBeInstanceOf(MediaTooLargeError);
  });

  it('forgets the least recently stored files beyond its item count', () => {
    const store = new SimulatedMediaStore({ maxItems: 2 });
    const first = store.put(bytes('first'), 'text/plain');
    const second = store.put(bytes('second'), 'text/plain');
    // Storing the first again makes it the newest: the second is now the oldest.
    store.put(bytes('first'), 'text/plain');
    const third = store.put(bytes('third'), 'text/plain');
    expect([store.has(first), store.has(second), store.has(third)]).toEqual([true, false, true]);
  });

  it('forgets the oldest files beyond its byte capacity, and refuses a file larger than all of it', () => {
    const store = new SimulatedMediaStore({ capacityBytes: 10 });
    const a = store.put(Buffer.alloc(4, 1), 'application/octet-stream');
    const b = store.put(Buffer.alloc(4, 2), 'application/octet-stream');
    const c = store.put(Buffer.alloc(4, 3), 'application/octet-stream');
    expect([store.has(a), store.has(b), store.has(c)]).toEqual([false, true, true]);

    expect(() => store.put(Buffer.alloc(11), 'application/octet-stream')).toThrow(
      new MediaTooLargeError(SIMULATED_MEDIA_TOO_LARGE(10)),
    );
    // A refused file pushes nothing out.
    expect([store.has(b), store.has(c)]).toEqual([true, true]);
  });
});
