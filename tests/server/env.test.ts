import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/server/env';

describe('environment parsing', () => {
  it('defaults to port 8080, ./data and demo data', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 8080,
      DATA_DIR: './data',
      BINAAN_DEMO: true,
      BINAAN_CITY_CODE: '63.71',
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('BINAAN_DEMO=0 turns demo data off', () => {
    expect(parseEnv({ BINAAN_DEMO: '0' }).BINAAN_DEMO).toBe(false);
  });

  it('a bad value stops with one line naming the variable', () => {
    expect(() => parseEnv({ PORT: 'delapan' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'delapan' })).toThrow(/^Invalid environment variable PORT: /);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => parseEnv({ BINAAN_ADMIN_PASSWORD: 'short' })).toThrow(/BINAAN_ADMIN_PASSWORD/);
    expect(() => parseEnv({ BINAAN_DEMO: 'maybe' })).toThrow(/BINAAN_DEMO/);
  });
});
