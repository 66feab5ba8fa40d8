import { z } from 'zod';

/** The demo password is public on purpose: it is printed on the sign-in page of a demo install. */
export const DEMO_PASSWORD = 'binaan-demo';
export const DEMO_SETTING_KEY = 'demo';
export const demoSettingSchema = z.object({ active: z.boolean(), accounts: z.array(z.string()) });
