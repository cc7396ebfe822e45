import { plainLanguageGradeLimit, readingGrade } from '@patientdesk/contracts';
import { describe, expect, it } from 'vitest';
import { parseHelpArticle, readDemoHelpArticles } from './demo-help-articles.ts';

/** The demo clinic's help articles: every file readable, public ones in both languages. */
describe('the demo help articles', () => {
  const articles = readDemoHelpArticles();

  it('has at least 40 public articles, each in English and Spanish', () => {
    const published = articles.filter((article) => article.audience === 'public');
    expect(published.length).toBeGreaterThanOrEqual(40);
    const english = new Set(published.filter((a) => a.language === 'en').map((a) => a.slug));
    const spanish = new Set(published.filter((a) => a.language === 'es').map((a) => a.slug));
    expect([...english].sort()).toEqual([...spanish].sort());
  });

  it('keeps staff procedures internal, and every article owned by a team', () => {
    for (const article of articles) {
      expect(article.audience === 'internal', article.slug).toBe(article.category === 'internal-procedures');
      expect(article.owner, article.slug).toMatch(/^[a-z-]+$/);
      expect(article.summary.length, article.slug).toBeLessThanOrEqual(500);
    }
  });

  it('writes for patients in plain words: summary and text at reading grade 8 or below', () => {
    const above = articles
      .filter((article) => article.audience === 'public')
      .map((article) => ({
        article: `${article.language}/${article.slug}`,
        grade: readingGrade(`${article.summary}\n\n${article.body}`, article.language).grade,
      }))
      .filter(({ grade }) => grade > plainLanguageGradeLimit);
    expect(above).toEqual([]);
  });

  it('refuses a file without front matter, or with an unknown category', () => {
    expect(() => parseHelpArticle('en/x.md', 'No front matter here.', 'en')).toThrow(/front matter/);
    expect(() =>
      parseHelpArticle(
        'en/x.md',
        '---\ntitle: T\ncategory: gossip\naudience: public\nowner: front-desk\nsummary: S\n---\nText',
        'en',
      ),
    ).toThrow(/unknown category "gossip"/);
  });
});
