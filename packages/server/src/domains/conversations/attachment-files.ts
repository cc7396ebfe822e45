import path from 'node:path';
import { type AttachmentContentType, attachmentContentTypes } from '@patientdesk/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { Invalid, UnsupportedType } from '../../errors.ts';

/**
 * What an uploaded file really is, and what to call it. The type comes from the content (magic
 * bytes), never from the name or the browser's word for it: a program renamed `scan.pdf` is
 * still a program. The name is cleaned so it can go back into a download header safely.
 */

/** The extensions a file of each type may keep; another one gets the right one added. */
const extensionsOf: Record<AttachmentContentType, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'text', 'csv', 'log', 'md'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
};

const isAllowed = (type: string): type is AttachmentContentType => type in attachmentContentTypes;
const allowedList = Object.values(attachmentContentTypes).join(', ');

/**
 * Plain text has no magic bytes: it is text when it decodes as UTF-8 and holds no control
 * characters besides tabs, line and page breaks (a binary file nearly always does).
 */
function isPlainText(content: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The file's real type, or 415 naming what it is (or that it is nothing we recognise). */
export async function attachmentTypeOf(
  content: Buffer,
  declaredType: string,
): Promise<AttachmentContentType> {
  if (content.length === 0)
    throw new Invalid('The file is empty. Choose the file again; it may not have finished saving.', [
      { field: 'file', message: 'is empty' },
    ]);
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    if (isAllowed(detected.mime)) return detected.mime;
    throw new UnsupportedType(
      `This file is ${detected.mime} (.${detected.ext}), which cannot be attached. Attach one of: ${allowedList}.`,
    );
  }
  if (isPlainText(content)) return 'text/plain';
  throw new UnsupportedType(
    `PatientDesk cannot tell what this file is (it says ${declaredType || 'nothing'}, but its content is not any of the allowed types), so it cannot be attached. Attach one of: ${allowedList}.`,
  );
}

/**
 * A name safe to store and to offer for download: no folders, no control or direction-changing
 * characters (which can disguise "exe" as "pdf"), at most 255 characters, and an extension that
 * matches the real type.
 */
export function safeFileName(original: string, type: AttachmentContentType): string {
  const base = path.posix.basename(original.replaceAll('\\', '/'));
  const cleaned = base
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const name = cleaned || 'attachment';
  const extension = path.extname(name).slice(1).toLowerCase();
  const suffix = extensionsOf[type].includes(extension) ? '' : `.${extensionsOf[type][0]}`;
  return `${[...name].slice(0, 255 - suffix.length).join('')}${suffix}`;
}

/**
 * `Content-Disposition: attachment` with the name twice: an ASCII fallback with nothing that
 * could break out of the quotes, and the exact name in UTF-8 (RFC 6266, RFC 8187).
 */
export function downloadDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\;%]/g, '_')
    .trim();
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii || 'attachment'}"; filename*=UTF-8''${encoded}`;
}
