import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAppExpectingExit, startAppProcess, type AppProcess } from '../helpers/app-process';
import { createScratchDatabase } from '../helpers/postgres';

describe('starting the server as `npm start` does', () => {
  const running: AppProcess[] = [];
  afterAll(async () => {
    for (const app of running) await app.stop();
  });

  it('seeds the demo city on an empty database and says where to open it and which accounts exist', async () => {
    const app = await startAppProcess();
    running.push(app);
    const out = app.output();
    expect(out).toMatch(/open http:\/\/localhost:\d+/);
    expect(out).toContain('Demo accounts: koordinator, pendamping1, pendamping2 — password binaan-demo');
    expect(await (await fetch(`${app.url}/api/health`)).json()).toMatchObject({
      status: 'ok',
      db: 'embedded',
    });
    const html = await (await fetch(`${app.url}/usaha`)).text();
    expect(html).toContain('<div id="root">');
  });

  it('with BINAAN_DEMO=0 creates one coordinator and prints its generated password only once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'binaan-nodemo-'));
    try {
      const first = await startAppProcess({ BINAAN_DEMO: '0' }, { dataDir });
      const printed = /password \(shown only this once\): (\S+)/.exec(first.output())?.[1];
      expect(printed).toBeDefined();
      const login = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: printed }),
      });
      expect(login.status).toBe(200);
      expect(await (await fetch(`${first.url}/api/public/config`)).json()).toMatchObject({ demo: false });
      await first.stop();
      const second = await startAppProcess({ BINAAN_DEMO: '0' }, { dataDir });
      running.push(second);
      expect(second.output()).not.toContain('shown only this once');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs the same app on a real PostgreSQL server when DATABASE_URL is set', async () => {
    const scratch = await createScratchDatabase();
    try {
      const app = await startAppProcess({ DATABASE_URL: scratch.url });
      expect(await (await fetch(`${app.url}/api/health`)).json()).toMatchObject({
        status: 'ok',
        db: 'postgres',
      });
      const res = await fetch(`${app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'pendamping1', password: 'binaan-demo' }),
      });
      expect(res.status).toBe(200);
      await app.stop();
    } finally {
      await scratch.drop();
    }
  });

  it('a second server on the same embedded data folder stops with one clear line, the first keeps serving', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'binaan-lock-'));
    const first = await startAppProcess({}, { dataDir });
    try {
      const { code, output } = await runAppExpectingExit({ DATA_DIR: dataDir, PORT: '18079' });
      expect(code).toBe(1);
      const lines = output.split('\n').filter((l) => l.trim() !== '' && !l.includes('npm warn'));
      expect(lines).toEqual([expect.stringMatching(/is in use by process \d+/)]);
      expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    } finally {
      await first.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a bad environment value stops start-up with one clear line', async () => {
    const { code, output } = await runAppExpectingExit({ PORT: 'delapan-ribu' });
    expect(code).toBe(1);
    const lines = output.split('\n').filter((l) => l.trim() !== '' && !l.includes('npm warn'));
    expect(lines).toEqual([expect.stringMatching(/^Invalid environment variable PORT: /)]);
  });
});
