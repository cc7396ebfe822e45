import {
  type KbSearchResult,
  type KnowledgeCategory,
  type KnowledgeLanguage,
  knowledgeCategories,
  knowledgeCategoryNames,
} from '@patientdesk/contracts';
import type { HelpArticle, HelpListing } from './help-centre.ts';

/**
 * The public help centre's pages: plain server-rendered HTML that works without JavaScript,
 * with what search engines read (title, description, canonical address, the other language's
 * address, the page's language, headings in order). Every value from the database or the
 * request goes through `escapeHtml`; article text goes through markdown-it with raw HTML off.
 */

const chrome = {
  en: {
    helpCentre: 'Help centre',
    search: 'Search',
    searchLabel: 'Search the help centre',
    searchPlaceholder: 'For example: refill my prescription',
    results: (query: string) => `Results for “${query}”`,
    noResults: 'We found no article for that. Try other words, or contact us and a person will answer.',
    showing: (words: string) => `Showing results for ${words}`,
    categories: 'Topics',
    lastReviewed: 'Last reviewed',
    didThisHelp: 'Did this help?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thank you for telling us.',
    otherLanguage: 'Leer en español',
    emergency: 'In an emergency, call 911. If you are thinking about hurting yourself, call or text 988.',
    notFoundTitle: 'We could not find that page',
    notFound:
      'The article may have moved or been taken down. Search the help centre or go back to the topics.',
    backToTopics: 'All topics',
    noArticles: 'There are no articles here yet.',
  },
  es: {
    helpCentre: 'Centro de ayuda',
    search: 'Buscar',
    searchLabel: 'Buscar en el centro de ayuda',
    searchPlaceholder: 'Por ejemplo: reponer mi receta',
    results: (query: string) => `Resultados para «${query}»`,
    noResults:
      'No encontramos ningún artículo. Pruebe con otras palabras o escríbanos y una persona le contesta.',
    showing: (words: string) => `Mostrando resultados para ${words}`,
    categories: 'Temas',
    lastReviewed: 'Última revisión',
    didThisHelp: '¿Le sirvió esta información?',
    yes: 'Sí',
    no: 'No',
    thanks: 'Gracias por decirnos.',
    otherLanguage: 'Read in English',
    emergency:
      'En una emergencia, llame al 911. Si está pensando en hacerse daño, llame o mande un texto al 988.',
    notFoundTitle: 'No encontramos esa página',
    notFound:
      'Puede que el artículo se haya movido o ya no esté. Busque en el centro de ayuda o vuelva a los temas.',
    backToTopics: 'Todos los temas',
    noArticles: 'Todavía no hay artículos aquí.',
  },
} as const;

const otherLanguage = (language: KnowledgeLanguage): KnowledgeLanguage => (language === 'en' ? 'es' : 'en');

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface HelpSite {
  /** PUBLIC_URL, for canonical addresses. */
  publicUrl: string;
  organizationSlug: string;
  organizationName: string;
  timeZone: string;
}

const path = {
  home: (site: HelpSite, language: KnowledgeLanguage) => `/help/${site.organizationSlug}?lang=${language}`,
  search: (site: HelpSite) => `/help/${site.organizationSlug}/search`,
  article: (site: HelpSite, language: KnowledgeLanguage, slug: string) =>
    `/help/${site.organizationSlug}/${language}/${slug}`,
};

interface Page {
  site: HelpSite;
  language: KnowledgeLanguage;
  title: string;
  description: string;
  /** The page's own address (a path), for rel=canonical. */
  canonical: string;
  /** Each language's address of the same page (paths). */
  alternates: Partial<Record<KnowledgeLanguage, string>>;
  main: string;
  /** Search engines skip search result pages. */
  noIndex?: boolean;
  query?: string;
}

const styles = `
  body { font: 18px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1f24; background: #fff; }
  header, main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem; }
  header { border-bottom: 1px solid #d8dee4; }
  header a.home { font-weight: 700; color: inherit; text-decoration: none; font-size: 1.15rem; }
  nav.language { float: right; }
  form.search { display: flex; gap: .5rem; margin-top: .75rem; flex-wrap: wrap; }
  form.search input { flex: 1; min-width: 12rem; font: inherit; padding: .5rem; border: 2px solid #57606a; border-radius: 6px; }
  button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 2px solid #0b5cad; background: #0b5cad; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #0b5cad; }
  a { color: #0b5cad; }
  .summary { font-size: 1.1rem; color: #3d444d; }
  .meta { color: #57606a; font-size: .95rem; }
  ul.articles { padding-left: 1.1rem; }
  ul.articles li { margin: .5rem 0; }
  fieldset { border: 1px solid #d8dee4; border-radius: 8px; padding: 1rem; }
  footer { color: #57606a; font-size: .95rem; border-top: 1px solid #d8dee4; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

function searchForm(site: HelpSite, language: KnowledgeLanguage, query = ''): string {
  const text = chrome[language];
  return `<form class="search" role="search" method="get" action="${escapeHtml(path.search(site))}">
  <label class="visually-hidden" for="help-search">${escapeHtml(text.searchLabel)}</label>
  <input id="help-search" type="search" name="q" value="${escapeHtml(query)}" placeholder="${escapeHtml(text.searchPlaceholder)}" maxlength="300" required>
  <input type="hidden" name="lang" value="${language}">
  <button type="submit">${escapeHtml(text.search)}</button>
</form>`;
}

function page(view: Page): string {
  const { site, language } = view;
  const text = chrome[language];
  const absolute = (address: string) => `${site.publicUrl}${address}`;
  const alternates = Object.entries(view.alternates)
    .map(
      ([lang, address]) =>
        `<link rel="alternate" hreflang="${lang}" href="${escapeHtml(absolute(address))}">`,
    )
    .join('\n');
  const other = view.alternates[otherLanguage(language)];
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)} · ${escapeHtml(site.organizationName)}</title>
<meta name="description" content="${escapeHtml(view.description)}">
${view.noIndex ? '<meta name="robots" content="noindex">' : `<link rel="canonical" href="${escapeHtml(absolute(view.canonical))}">`}
${alternates}
<style>${styles}</style>
</head>
<body>
<header>
  ${other ? `<nav class="language"><a href="${escapeHtml(other)}" hreflang="${otherLanguage(language)}" lang="${otherLanguage(language)}">${escapeHtml(text.otherLanguage)}</a></nav>` : ''}
  <a class="home" href="${escapeHtml(path.home(site, language))}">${escapeHtml(site.organizationName)} · ${escapeHtml(text.helpCentre)}</a>
  ${searchForm(site, language, view.query)}
</header>
<main>
${view.main}
</main>
<footer>
  <p>${escapeHtml(text.emergency)}</p>
</footer>
</body>
</html>`;
}

const categoryName = (category: KnowledgeCategory, language: KnowledgeLanguage) =>
  knowledgeCategoryNames[category][language];

/** The front page: every public article in the language, by topic. */
export function helpHomePage(site: HelpSite, language: KnowledgeLanguage, articles: HelpListing[]): string {
  const text = chrome[language];
  const sections = knowledgeCategories
    .map((category) => ({ category, items: articles.filter((article) => article.category === category) }))
    .filter((section) => section.items.length > 0)
    .map(
      ({ category, items }) => `<section aria-labelledby="topic-${category}">
  <h2 id="topic-${category}">${escapeHtml(categoryName(category, language))}</h2>
  <ul class="articles">
${items
  .map(
    (item) =>
      `    <li><a href="${escapeHtml(path.article(site, language, item.slug))}">${escapeHtml(item.title)}</a><br><span class="meta">${escapeHtml(item.summary)}</span></li>`,
  )
  .join('\n')}
  </ul>
</section>`,
    )
    .join('\n');
  return page({
    site,
    language,
    title: text.helpCentre,
    description: `${site.organizationName}: ${text.helpCentre}. ${articles
      .slice(0, 6)
      .map((article) => article.title)
      .join(' ')}`.slice(0, 300),
    canonical: path.home(site, language),
    alternates: { en: path.home(site, 'en'), es: path.home(site, 'es') },
    main: `<h1>${escapeHtml(text.helpCentre)}</h1>\n${sections || `<p>${escapeHtml(text.noArticles)}</p>`}`,
  });
}

/** One article, with its topic, when it was last reviewed, the other language and "Did this help?". */
export function helpArticlePage(
  site: HelpSite,
  article: HelpArticle,
  options: { html: string; translation?: HelpArticle; thanked: boolean },
): string {
  const { language } = article;
  const text = chrome[language];
  const reviewed = new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    dateStyle: 'long',
    timeZone: site.timeZone,
  }).format(article.updatedAt);
  const own = path.article(site, language, article.slug);
  const feedback = options.thanked
    ? `<p role="status">${escapeHtml(text.thanks)}</p>`
    : `<form method="post" action="${escapeHtml(`${own}/feedback`)}">
  <fieldset>
    <legend>${escapeHtml(text.didThisHelp)}</legend>
    <button type="submit" name="helpful" value="yes">${escapeHtml(text.yes)}</button>
    <button type="submit" name="helpful" value="no" class="secondary">${escapeHtml(text.no)}</button>
  </fieldset>
</form>`;
  return page({
    site,
    language,
    title: article.title,
    description: article.summary || article.title,
    canonical: own,
    alternates: {
      [language]: own,
      ...(options.translation
        ? { [options.translation.language]: path.article(site, options.translation.language, article.slug) }
        : {}),
    },
    main: `<article>
  <p class="meta"><a href="${escapeHtml(`${path.home(site, language)}#topic-${article.category}`)}">${escapeHtml(categoryName(article.category, language))}</a></p>
  <h1>${escapeHtml(article.title)}</h1>
  ${article.summary ? `<p class="summary">${escapeHtml(article.summary)}</p>` : ''}
${options.html}
  <p class="meta">${escapeHtml(text.lastReviewed)}: <time datetime="${article.updatedAt.toISOString()}">${escapeHtml(reviewed)}</time></p>
</article>
<aside aria-label="${escapeHtml(text.didThisHelp)}">
${feedback}
</aside>`,
  });
}

/** Search results, best first, with the words read differently. */
export function helpSearchPage(
  site: HelpSite,
  language: KnowledgeLanguage,
  query: string,
  found: {
    items: Pick<KbSearchResult, 'slug' | 'language' | 'title' | 'summary'>[];
    corrections: { from: string; to: string }[];
  },
): string {
  const text = chrome[language];
  const corrected = found.corrections.length
    ? `<p class="meta">${escapeHtml(text.showing(found.corrections.map((c) => `“${c.to}”`).join(', ')))}</p>`
    : '';
  const results = found.items.length
    ? `<ol class="articles">
${found.items
  .map(
    (item) =>
      `  <li><a href="${escapeHtml(path.article(site, item.language, item.slug))}"${item.language !== language ? ` hreflang="${item.language}" lang="${item.language}"` : ''}>${escapeHtml(item.title)}</a><br><span class="meta">${escapeHtml(item.summary)}</span></li>`,
  )
  .join('\n')}
</ol>`
    : `<p>${escapeHtml(text.noResults)}</p>`;
  return page({
    site,
    language,
    title: text.results(query),
    description: text.results(query),
    canonical: `${path.search(site)}?lang=${language}`,
    alternates: {},
    noIndex: true,
    query,
    main: `<h1>${escapeHtml(text.results(query))}</h1>\n${corrected}\n${results}\n<p><a href="${escapeHtml(path.home(site, language))}">${escapeHtml(text.backToTopics)}</a></p>`,
  });
}

/** The help centre's own "not found", in the language asked for. */
export function helpNotFoundPage(site: HelpSite, language: KnowledgeLanguage): string {
  const text = chrome[language];
  return page({
    site,
    language,
    title: text.notFoundTitle,
    description: text.notFound,
    canonical: path.home(site, language),
    alternates: {},
    noIndex: true,
    main: `<h1>${escapeHtml(text.notFoundTitle)}</h1>\n<p>${escapeHtml(text.notFound)}</p>\n<p><a href="${escapeHtml(path.home(site, language))}">${escapeHtml(text.backToTopics)}</a></p>`,
  });
}
