import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photos } from '@/server/db/schema';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function jpeg(size = 2048): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

describe.each(BACKENDS)('photo bytes (/api/blobs) on %s', (backend) => {
  let s: TestServer;
  let coach: string;

  beforeAll(async () => {
    s = await startTestServer(backend);
    coach = await s.login('coach-a');
  });
  afterAll(async () => {
    await s.dispose();
  });

  const put = (token: string, name: string, bytes: Uint8Array) =>
    s.app.request(`/api/blobs/${name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
  const head = (token: string, name: string) =>
    s.app.request(`/api/blobs/${name}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
  const get = (token: string, name: string) =>
    s.app.request(`/api/blobs/${name}`, { headers: { authorization: `Bearer ${token}` } });

  it('stores bytes under their hash once: 404, then 201, then 200 for the same upload again', async () => {
    const bytes = jpeg();
    const name = sha(bytes);
    expect((await head(coach, name)).status).toBe(404);
    expect((await put(coach, name, bytes)).status).toBe(201);
    expect((await put(coach, name, bytes)).status).toBe(200);
    expect((await head(coach, name)).status).toBe(200);
  });

  it('refuses bytes that do not match their name, or are not a photo, or are too large, keeping nothing', async () => {
    const bytes = jpeg();
    const wrongName = sha(jpeg());
    const mismatch = await put(coach, wrongName, bytes);
    expect(mismatch.status).toBe(400);
    const body = (await mismatch.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'invalid_input' });
    expect(body.error.message).toContain('SHA-256');
    expect((await head(coach, wrongName)).status).toBe(404);

    const pdf = new TextEncoder().encode('%PDF-1.7 bukan foto');
    expect((await put(coach, sha(pdf), pdf)).status).toBe(400);
    expect((await head(coach, sha(pdf))).status).toBe(404);

    const huge = jpeg(8 * 1024 * 1024 + 1);
    expect((await put(coach, sha(huge), huge)).status).toBe(413);
    expect((await put(coach, 'not-a-hash', bytes)).status).toBe(400);
  });

  it('takes uploads from staff only', async () => {
    const owner = await s.login('owner-a');
    const bytes = jpeg();
    expect((await put(owner, sha(bytes), bytes)).status).toBe(403);
  });

  it('gives the bytes to whoever may read a photo that uses them, and to no one else', async () => {
    const bytes = jpeg();
    const name = sha(bytes);
    await put(coach, name, bytes);
    await s.database.db.insert(photos).values({
      id: randomUUID(),
      organisationId: s.fixture.orgA,
      version: 2,
      sha256: name,
      mimeType: 'image/jpeg',
      byteSize: bytes.byteLength,
      width: 1600,
      height: 1200,
      kind: 'premises',
      businessId: s.fixture.businessOfCoachA,
      takenAt: new Date(),
    });
    const mine = await get(coach, name);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(bytes);

    expect((await get(await s.login('coach-a2'), name)).status).toBe(404);
    expect((await get(await s.login('koor-b'), name)).status).toBe(404);
    expect((await get(await s.login('koor-a'), name)).status).toBe(200);
  });
});
