import { Anchor, Code } from '@mantine/core';
import { splitLinks } from './links.ts';

/** A message's text as it was written (line breaks kept), its links clickable. */
export function MessageBody({ body }: { body: string }) {
  return (
    <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {splitLinks(body).map((part, index) =>
        part.kind === 'link' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never move.
          <Anchor key={index} href={part.href} target="_blank" rel="noreferrer" inherit>
            {part.href}
          </Anchor>
        ) : (
          part.text
        ),
      )}
    </Code>
  );
}
