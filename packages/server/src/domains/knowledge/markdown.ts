import {
  type KbPreview,
  type KbPreviewRequest,
  kbPreviewRequestSchema,
  plainLanguageGradeLimit,
  readingGrade,
} from '@patientdesk/contracts';
import MarkdownIt from 'markdown-it';
import { validInput } from './valid-input.ts';

/**
 * Article markdown to HTML. Raw HTML in an article is shown as text, never passed through
 * (`html: false`): an article is written by staff but read by patients on the open web, so a
 * pasted <script> or <iframe> must not run there. markdown-it also refuses javascript:, vbscript:
 * and data: links (other than images), and escapes everything else it outputs.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

// Links to other sites open as ordinary links, without handing them our page (noopener) or our
// ranking (nofollow).
const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const href = String(tokens[index]!.attrGet('href') ?? '');
  if (/^https?:\/\//i.test(href)) tokens[index]!.attrSet('rel', 'nofollow noopener');
  return defaultLinkOpen(tokens, index, options, env, self);
};

// Headings inside an article start at h2: the page's h1 is the article's title.
markdown.core.ruler.push('demote_headings', (state) => {
  for (const token of state.tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1')
      token.tag = 'h2';
  }
  return true;
});

/** Safe HTML for an article's markdown. */
export function renderArticleMarkdown(text: string): string {
  return markdown.render(text);
}

/** The editor's preview: the page as patients will see it, and its reading grade. */
export function previewArticle(input: KbPreviewRequest): KbPreview {
  const request = validInput(kbPreviewRequestSchema, input);
  const grade = readingGrade(`${request.summary ?? ''}\n\n${request.body}`, request.language);
  return {
    html: renderArticleMarkdown(request.body),
    readingGrade: grade.grade,
    gradeLimit: plainLanguageGradeLimit,
    readingGradeAboveLimit: grade.grade > plainLanguageGradeLimit,
    words: grade.words,
    sentences: grade.sentences,
  };
}
