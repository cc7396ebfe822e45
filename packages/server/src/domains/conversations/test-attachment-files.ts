import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** Files for attachment tests (not a test file itself): each kind as its first bytes make it. */

/** A zip with stored (uncompressed) entries: enough for an Office file's signature. */
function storedZip(entries: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    parts.push(header, Buffer.from(name), data);
  }
  return Buffer.concat(parts);
}
const wordFile = (mainType: string) =>
  storedZip({
    '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${mainType}"/></Types>`,
    'word/document.xml': '<w:document/>',
  });

/** Small files of each kind, as their first bytes make them. */
export const samples = {
  // A whole 1x1 PNG: a cut-off one may be read as an animated PNG and not recognised.
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
  jpeg: Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(64, 1)]),
  gif: Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]),
  webp: Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from('24000000', 'hex'),
    Buffer.from('WEBPVP8 '),
    Buffer.alloc(32, 1),
  ]),
  heic: Buffer.concat([
    Buffer.from('00000018', 'hex'),
    Buffer.from('ftypheic'),
    Buffer.alloc(4),
    Buffer.from('mif1heic'),
  ]),
  pdf: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  text: Buffer.from('Blood pressure log\n08:00 128/82\n20:00 131/85\n'),
  docx: wordFile('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
  docm: wordFile('application/vnd.ms-word.document.macroEnabled.main+xml'),
  exe: Buffer.concat([
    Buffer.from('MZ'),
    Buffer.alloc(58),
    Buffer.from('40000000', 'hex'),
    Buffer.from('PE\0\0'),
    Buffer.alloc(64, 1),
  ]),
};

export interface FilePart {
  fileName: string;
  type?: string;
  content: Buffer;
  field?: string;
}

/** A multipart/form-data body as a browser sends it. */
export function multipart(files: FilePart[]): { payload: Buffer; contentType: string } {
  const boundary = `----patientdesk${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.fileName.replaceAll('"', '\\"')}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
