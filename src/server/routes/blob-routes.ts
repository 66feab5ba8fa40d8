/**
 * Photo bytes (sync.md, "Photos upload separately and idempotently"):
 * - `HEAD /api/blobs/:sha256`: 200 when the server has them, 404 when not (the phone then PUTs).
 * - `PUT /api/blobs/:sha256`: the bytes as the body; the server hashes them and refuses a mismatch.
 *   Sending the same photo twice is harmless (200 the second time).
 * - `GET /api/blobs/:sha256`: the bytes, for a user who may read a photo that uses them.
 * Staff upload (coaches and coordinators); owners read only.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { MAX_PHOTO_BYTES } from '@/shared/domain/photo';
import { requireRole, currentUser } from '../auth/middleware';
import { STAFF } from '../auth/roles';
import { underReadableBusiness } from '../auth/scope';
import { SHA256_PATTERN, type BlobStore } from '../blobs/blob-store';
import { blobs, photos } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponses, fail, type AppEnv } from '../errors';

type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type the first bytes announce (the phone re-encodes every photo; nothing else is taken). */
function sniff(bytes: Uint8Array): ImageType | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const params = z.object({
  sha256: z
    .string()
    .regex(SHA256_PATTERN, { message: 'validation.sha256' })
    .openapi({ param: { name: 'sha256', in: 'path' }, description: 'Lower-case hex SHA-256 of the bytes' }),
});

const headRoute = createRoute({
  method: 'head',
  path: '/api/blobs/{sha256}',
  tags: ['sync'],
  summary: 'Whether the server has these photo bytes',
  security: [{ bearerAuth: [] }],
  request: { params },
  responses: {
    200: { description: 'Present' },
    404: { description: 'Not uploaded yet' },
    ...errorResponses(400, 401),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/api/blobs/{sha256}',
  tags: ['sync'],
  summary: 'Upload photo bytes under their SHA-256 (idempotent)',
  description: `The body is the photo (JPEG, PNG or WebP, at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB). The server hashes it and refuses bytes that do not match the name.`,
  security: [{ bearerAuth: [] }],
  request: {
    params,
    body: { content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
  },
  responses: {
    200: { description: 'Already there' },
    201: { description: 'Stored' },
    ...errorResponses(400, 401, 403, 413),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/blobs/{sha256}',
  tags: ['sync'],
  summary: 'Photo bytes, for a user who may read a photo that uses them',
  security: [{ bearerAuth: [] }],
  request: { params },
  responses: {
    200: {
      description: 'The bytes',
      content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(400, 401, 404),
  },
});

export function blobRoutes(deps: AppDeps, store: BlobStore) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(headRoute, async (c) => {
    currentUser(c);
    const { sha256 } = c.req.valid('param');
    return c.body(null, (await store.has(sha256)) ? 200 : 404);
  });

  app.use('/api/blobs/*', async (c, next) => {
    if (c.req.method === 'PUT') return requireRole(...STAFF)(c, next);
    return next();
  });
  app.openapi(putRoute, async (c) => {
    const user = currentUser(c);
    const { sha256 } = c.req.valid('param');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > MAX_PHOTO_BYTES) {
      fail(c, 413, 'payload_too_large', 'api.payloadTooLarge', {
        limit: `${MAX_PHOTO_BYTES / 1024 / 1024} MB`,
      });
    }
    const type = sniff(bytes);
    if (!type) fail(c, 400, 'invalid_input', 'api.blobNotImage');
    if (await store.has(sha256)) return c.body(null, 200);
    if (!(await store.put(sha256, bytes))) fail(c, 400, 'invalid_input', 'api.blobHashMismatch');
    await db
      .insert(blobs)
      .values({
        sha256,
        organisationId: user.organisationId,
        mimeType: type ?? 'image/jpeg',
        byteSize: bytes.byteLength,
      })
      .onConflictDoNothing();
    return c.body(null, 201);
  });

  app.openapi(getRoute, async (c) => {
    const user = currentUser(c);
    const { sha256 } = c.req.valid('param');
    // Hono answers HEAD with the GET handler: HEAD asks only whether the bytes are here (to upload).
    if (c.req.method === 'HEAD') return c.body(null, (await store.has(sha256)) ? 200 : 404) as never;
    const [usedBy] = await db
      .select({ mimeType: photos.mimeType })
      .from(photos)
      .where(
        and(
          eq(photos.sha256, sha256),
          eq(photos.organisationId, user.organisationId),
          underReadableBusiness(db, user, photos.businessId),
        ),
      )
      .limit(1);
    const bytes = usedBy ? await store.read(sha256) : null;
    if (!usedBy || !bytes) fail(c, 404, 'not_found', 'api.notFound');
    c.header('Content-Type', usedBy.mimeType);
    // Content-addressed: the bytes under a name never change.
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200) as never;
  });

  return app;
}
