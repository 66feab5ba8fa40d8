import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};

describe.each(BACKENDS)('bad input gets a JSON error and never crashes the process on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => {
    await s.dispose();
  });

  const login = (body: unknown) => s.json('/api/auth/login', { method: 'POST', body });

  it('malformed JSON is 400 malformed_json', async () => {
    const res = await login('{"username": "coach-a", ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toEqual({
      code: 'malformed_json',
      message: 'Isi permintaan bukan JSON yang sah.',
    });
  });

  it('wrong types name the field', async () => {
    const res = await login({ username: 'coach-a', password: 12345 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields).toEqual([
      { path: 'password', message: 'Jenis data salah (diharapkan string).' },
    ]);
  });

  it('missing fields are reported as required', async () => {
    const body = (await (await login({ username: 'coach-a' })).json()) as ErrorBody;
    expect(body.error.fields).toEqual([{ path: 'password', message: 'Wajib diisi.' }]);
  });

  it('unknown fields are refused, naming them', async () => {
    const res = await login({ username: 'coach-a', password: 'x', role: 'coordinator' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.fields).toEqual([{ path: '', message: 'Isian tidak dikenal: role.' }]);
  });

  it('a body that is not an object is 400', async () => {
    expect((await login([1, 2, 3])).status).toBe(400);
    expect((await login('null')).status).toBe(400);
  });

  it('an oversized body is 413 with a JSON error', async () => {
    const res = await login({ username: 'coach-a', password: 'x'.repeat(100 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large');
  });

  it('an unknown API path is a JSON 404 for a signed-in user', async () => {
    const token = await s.login('koor-a');
    const res = await s.json('/api/tidak-ada', { token });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
  });

  it('the server still answers after all of that', async () => {
    expect((await s.json('/api/health')).status).toBe(200);
  });
});
