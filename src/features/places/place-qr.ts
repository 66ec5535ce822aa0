import { qrcode } from '../../shared/heavy-modules';

/** M recovers about 15% of a damaged or dirty sticker while keeping the modules large enough to print small. */
const errorCorrectionLevel = 'M';

/** What a phone opens from a room's sticker: WhatsApp to the campus number with the request already typed. */
export function roomRequestLink(number: string, code: string): string {
  return `https://wa.me/${number}?text=${encodeURIComponent(`#request [${code}] `)}`;
}

/** For print: a vector scales to any card size without blur. */
export function qrSvg(text: string): Promise<string> {
  return qrcode().toString(text, { type: 'svg', errorCorrectionLevel, margin: 2 });
}

/** For download and for decoding in tests. */
export function qrPng(text: string): Promise<Buffer> {
  return qrcode().toBuffer(text, { type: 'png', errorCorrectionLevel, margin: 2, scale: 8 });
}
