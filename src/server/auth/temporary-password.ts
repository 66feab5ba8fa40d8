/**
 * Temporary passwords for new and reset accounts: three everyday Indonesian words and four digits
 * (`kopi-sungai-melati-4827`), easy to read out over the phone and to type on one, and passing the
 * password rules. With ~120 words that is about 34 bits: enough against online guessing, which the
 * login limiter (rate-limit.ts) caps at a handful of attempts a minute. The coordinator sees it once
 * and hands it over; the server keeps only its scrypt hash.
 */
import { randomInt } from 'node:crypto';

export const PASSWORD_WORDS: readonly string[] = `
  apel air angin anggur bambu batu bawang bayam bebek bekal benang bintang bola bulan bumi bunga
  buku cabai cahaya camar cerah cermin dahan daun delima domba durian elang embun emas gajah
  garam gelas gitar gula gunung hujan hutan ikan intan jagung jahe jambu jarum jeruk jendela
  kabut kacang kain kancil kapal kapas kayu kelapa kelinci kemiri kenari kerang kijang kopi kota
  kuda kunci kunyit labu lampu langit laut lebah lemon lilin madu mangga manggis melati merpati
  meja mawar nanas nangka obor ombak padi pagi pantai pasir pelangi pepaya perahu pinang pisang
  pohon rambutan rotan rusa sagu salak sapi sawah sayur semut sendok sepeda sirih singa sungai
  surya susu tahu tali tanah tebu teh telur tempe terang tikar timun topi udang ubi wajan waru
  zaitun
`
  .trim()
  .split(/\s+/);

export function temporaryPassword(): string {
  const words = Array.from({ length: 3 }, () => PASSWORD_WORDS[randomInt(PASSWORD_WORDS.length)] ?? 'kopi');
  const digits = String(randomInt(10_000)).padStart(4, '0');
  return [...words, digits].join('-');
}
