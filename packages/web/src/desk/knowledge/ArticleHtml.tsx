import { Typography } from '@mantine/core';
import type { KnowledgeLanguage } from '@patientdesk/contracts';

/**
 * An article's text as the server rendered it from markdown (the same renderer as the help
 * centre). That renderer passes no raw HTML through (a pasted <script> shows as text), refuses
 * javascript: links and escapes the rest, so its output is safe to place as HTML here.
 */
export function ArticleHtml({ html, language }: { html: string; language: KnowledgeLanguage }) {
  return (
    <Typography lang={language}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server's markdown renderer allows no raw HTML (see above). */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
