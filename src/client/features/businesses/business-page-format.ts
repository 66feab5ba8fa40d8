/** `+628123456789` → `0812-3456-789`: how Indonesians write and read a number. */
export function displayPhone(e164: string): string {
  if (!e164.startsWith('+62')) return e164;
  const national = `0${e164.slice(3)}`;
  return [national.slice(0, 4), national.slice(4, 8), national.slice(8)].filter(Boolean).join('-');
}

/** A wa.me link for a mobile number (landlines have no WhatsApp), else null. */
export function whatsappHref(e164: string): string | null {
  return /^\+628\d+$/.test(e164) ? `https://wa.me/${e164.slice(1)}` : null;
}

export {
  useFormat as useBusinessFormat,
  type Format as BusinessFormat,
} from '@/client/components/use-format';
