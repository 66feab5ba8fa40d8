import { z } from 'zod';
import { idSchema, isoDateTimeSchema, syncMetaShape, text } from './common';

export const photoKindSchema = z.enum([
  'premises',
  'product',
  'packaging_before',
  'packaging_after',
  'evidence',
  'other',
]);

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'validation.sha256' });

/** Photos larger than this after resizing on the phone are refused (a 1600 px JPEG is ~300-600 kB). */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

/** Metadata of a photo; the bytes are a content-addressed blob (sha256) uploaded separately. */
export const photoFieldsSchema = z.object({
  sha256: sha256Schema,
  mimeType: z.enum(['image/jpeg', 'image/webp', 'image/png'], { message: 'validation.photoType' }),
  byteSize: z.number().int().positive().max(MAX_PHOTO_BYTES, { message: 'validation.photoTooLarge' }),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  kind: photoKindSchema,
  businessId: idSchema,
  visitId: idSchema.nullable().default(null),
  caption: text(300).nullable().default(null),
  takenAt: isoDateTimeSchema,
});
export const photoSchema = photoFieldsSchema.extend(syncMetaShape);
export type Photo = z.infer<typeof photoSchema>;
