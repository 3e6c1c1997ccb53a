/** Recognises the image formats Midjourney accepts from their first bytes. */
export interface ImageType {
  contentType: string;
  extension: string;
}

interface Signature {
  type: ImageType;
  /** Byte offset → expected bytes at that offset. */
  parts: [number, number[]][];
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

const SIGNATURES: Signature[] = [
  { type: { contentType: 'image/png', extension: 'png' }, parts: [[0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]] },
  { type: { contentType: 'image/jpeg', extension: 'jpg' }, parts: [[0, [0xff, 0xd8, 0xff]]] },
  { type: { contentType: 'image/gif', extension: 'gif' }, parts: [[0, ascii('GIF8')]] },
  // RIFF container, then a 4-byte size, then the WEBP form type.
  { type: { contentType: 'image/webp', extension: 'webp' }, parts: [[0, ascii('RIFF')], [8, ascii('WEBP')]] },
];

export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const matches = (offset: number, expected: number[]): boolean =>
    expected.every((byte, i) => bytes[offset + i] === byte);
  return SIGNATURES.find((signature) => signature.parts.every(([offset, expected]) => matches(offset, expected)))?.type ?? null;
}
