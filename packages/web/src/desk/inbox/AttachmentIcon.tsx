import type { ReactNode } from 'react';

type FileKind = 'image' | 'pdf' | 'document' | 'text' | 'other';

/** What kind of file a content type is, for its icon. */
export function fileKindOf(contentType: string | undefined): FileKind {
  if (!contentType) return 'other';
  if (contentType.startsWith('image/')) return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType.includes('wordprocessingml')) return 'document';
  if (contentType.startsWith('text/')) return 'text';
  return 'other';
}

// Simple line drawings, 16 px, like the channel icons: a picture, a page with "PDF" bars, a page
// with a "W" fold, a page of lines, a blank page with its corner folded.
const page = 'M3.5 1.8h6l3 3v9.4h-9z M9.5 1.8v3h3';
const kindDrawing: Record<FileKind, ReactNode> = {
  image: <path d="M2 3h12v10H2z M2 11l3.5-3.5 3 3 2-2L14 12 M10.5 6.2a.9.9 0 1 0 0-.1" />,
  pdf: <path d={`${page} M5.5 8.5h5 M5.5 10.5h5 M5.5 12.5h3`} />,
  document: <path d={`${page} M5.2 8l1 4.2 1.3-3 1.3 3 1-4.2`} />,
  text: <path d={`${page} M5.5 7.5h5 M5.5 9.5h5 M5.5 11.5h5`} />,
  other: <path d={page} />,
};

/** The icon for a file's type; decorative, as the file's name says what it is. */
export function AttachmentIcon({ contentType }: { contentType: string | undefined }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.3"
      strokeLinejoin="round"
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
      data-file-kind={fileKindOf(contentType)}
      style={{ flex: 'none' }}
    >
      {kindDrawing[fileKindOf(contentType)]}
    </svg>
  );
}
