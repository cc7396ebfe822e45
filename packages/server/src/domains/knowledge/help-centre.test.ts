import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { callAs, signedInStaff } from '../patients/test-fixtures.ts';
import { knowledgeArticleFeedback } from './schema.ts';
import { addArticle } from './test-articles.ts';

/**
 * The public help centre and the shared search: pages a patient reads without JavaScript and
 * a search engine understands, where nothing from an article or a request is ever markup,
 * only published public articles of that clinic appear, and "Did this help?" is counted.
 */
describe('the public help centre', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let other: Organization;
  let refillsId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Maple <Street> & "Sons" Clinic');
    other = await createTestClinic(test.database.orm, 'Oak Street Clinic');
    const { database } = test;
    refillsId = (
      await addArticle(database, clinic.id, {
        slug: 'refills',
        category: 'prescriptions',
        title: 'How do I get a refill?',
        summary: 'Ask 3 business days before you run out.',
        body: '## How to ask\n\nSend a message in the [portal](/portal) or text us.\n\n<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>',
      })
    ).id;
    await addArticle(database, clinic.id, {
      slug: 'refills',
      language: 'es',
      category: 'prescriptions',
      title: '¿Cómo pido una reposición de receta?',
      summary: 'Pídala 3 días hábiles antes.',
      body: 'Mándenos un mensaje por el portal.',
    });
    await addArticle(database, clinic.id, {
      slug: 'tricky',
      category: 'about',
      title: 'Why <b>bold</b> & "quotes" stay text',
      summary: 'A summary with "quotes" and <tags>',
      body: 'Plain text.',
    });
    await addArticle(database, clinic.id, {
      slug: 'caller-identity',
      category: 'internal-procedures',
      audience: 'internal',
      title: 'Checking a caller’s identity',
      body: 'Ask for two identifiers before discussing a refill.',
    });
    await addArticle(
      database,
      clinic.id,
      { slug: 'coming-soon', title: 'Refills by app', body: 'Soon.' },
      'draft',
    );
    await addArticle(database, other.id, {
      slug: 'oak-refills',
      category: 'prescriptions',
      title: 'Refills at Oak Street',
      body: 'Call Oak Street for refills.',
    });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });

  it('serves an article as a complete page with no script, ready for search engines', async () => {
    const response = await get(`/help/${clinic.slug}/en/refills`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const html = response.body;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(
      '<title>How do I get a refill? · Maple &lt;Street&gt; &amp; &quot;Sons&quot; Clinic</title>',
    );
    expect(html).toContain('<meta name="description" content="Ask 3 business days before you run out.">');
    expect(html).toContain(
      `<link rel="canonical" href="http://localhost:3000/help/${clinic.slug}/en/refills">`,
    );
    expect(html).toContain(
      `<link rel="alternate" hreflang="es" href="http://localhost:3000/help/${clinic.slug}/es/refills">`,
    );
    expect(html).toContain('<h1>How do I get a refill?</h1>');
    expect(html).toContain('<h2>How to ask</h2>');
    expect(html).toContain('Prescriptions and refills');
    expect(html).toContain('Last reviewed');
    expect(html).toContain(`href="/help/${clinic.slug}/es/refills"`);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes every title, summary and clinic name, and the words searched', async () => {
    const home = await get(`/help/${clinic.slug}`);
    expect(home.body).toContain('Why &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot; stay text');
    expect(home.body).not.toContain('<b>bold</b>');
    expect(home.body).not.toContain('<tags>');
    const search = await get(
      `/help/${clinic.slug}/search?q=${encodeURIComponent('"><script>alert(1)</script> refill')}`,
    );
    expect(search.statusCode).toBe(200);
    expect(search.body).not.toContain('<script>');
    expect(search.body).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('shows the Spanish page in Spanish, with its own chrome', async () => {
    const response = await get(`/help/${clinic.slug}/es/refills`);
    expect(response.body).toContain('<html lang="es">');
    expect(response.body).toContain('¿Le sirvió esta información?');
    expect(response.body).toContain('Recetas y reposiciones');
    expect(response.body).toContain('Read in English');
  });

  it('lists public published articles by topic on the front page, never internal or draft ones', async () => {
    const response = await get(`/help/${clinic.slug}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h2 id="topic-prescriptions">Prescriptions and refills</h2>');
    expect(response.body).toContain('How do I get a refill?');
    expect(response.body).toContain(`action="/help/${clinic.slug}/search"`);
    expect(response.body).not.toContain('Checking a caller');
    expect(response.body).not.toContain('Refills by app');
    expect(response.body).not.toContain('Oak Street');
    const spanish = await get(`/help/${clinic.slug}?lang=es`);
    expect(spanish.body).toContain('¿Cómo pido una reposición de receta?');
    expect(spanish.body).not.toContain('How do I get a refill?');
  });

  it('answers 404 pages for internal, draft, unknown and other clinics’ articles', async () => {
    for (const url of [
      `/help/${clinic.slug}/en/caller-identity`,
      `/help/${clinic.slug}/en/coming-soon`,
      `/help/${clinic.slug}/en/no-such-article`,
      `/help/${clinic.slug}/en/oak-refills`,
      `/help/${clinic.slug}/fr/refills`,
      '/help/no-such-clinic',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('<h1>We could not find that page</h1>');
    }
  });

  it('searches from the help centre without JavaScript', async () => {
    const response = await get(`/help/${clinic.slug}/search?q=how+do+I+get+a+refilll&lang=en`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`href="/help/${clinic.slug}/en/refills"`);
    expect(response.body).toContain('Showing results for “refill”');
    expect(response.body).not.toContain('caller-identity');
    expect(response.body).toContain('<meta name="robots" content="noindex">');
  });

  it('counts "Did this help?" answers and thanks the reader', async () => {
    const answer = (helpful: string) =>
      server.app.inject({
        method: 'POST',
        url: `/help/${clinic.slug}/en/refills/feedback`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `helpful=${helpful}`,
      });
    const yes = await answer('yes');
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toBe(`/help/${clinic.slug}/en/refills?feedback=thanks`);
    await answer('yes');
    await answer('no');
    expect((await answer('maybe')).statusCode).toBe(400);
    const rows = await test.database.orm
      .select()
      .from(knowledgeArticleFeedback)
      .where(eq(knowledgeArticleFeedback.articleId, refillsId));
    expect(rows.map((row) => row.helpful).sort()).toEqual([false, true, true]);
    const thanked = await get(`/help/${clinic.slug}/en/refills?feedback=thanks`);
    expect(thanked.body).toContain('Thank you for telling us.');
    const internal = await server.app.inject({
      method: 'POST',
      url: `/help/${clinic.slug}/en/caller-identity/feedback`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'helpful=yes',
    });
    expect(internal.statusCode).toBe(404);

    const supervisor = callAs(server, await signedInStaff(server, clinic.id, 'supervisor'));
    const article = (await supervisor('GET', `/api/kb/articles/${refillsId}`)).json();
    expect(article.feedback).toEqual({ helpful: 2, notHelpful: 1 });
  });

  describe('GET /api/kb/search', () => {
    it('finds published public articles of the clinic named, for anyone, from any website', async () => {
      const response = await server.app.inject({
        method: 'GET',
        url: `/api/kb/search?q=${encodeURIComponent('refill')}&lang=en&org=${clinic.slug}`,
        headers: { origin: 'https://www.maplestreetclinic.example' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      const { items } = response.json();
      expect(items[0]).toMatchObject({
        slug: 'refills',
        language: 'en',
        title: 'How do I get a refill?',
        summary: 'Ask 3 business days before you run out.',
        category: 'prescriptions',
        url: `http://localhost:3000/help/${clinic.slug}/en/refills`,
      });
      expect(typeof items[0].score).toBe('number');
      expect(items.map((item: { slug: string }) => item.slug)).not.toContain('caller-identity');
      expect(items.map((item: { slug: string }) => item.slug)).not.toContain('coming-soon');
      expect(items.map((item: { slug: string }) => item.slug)).not.toContain('oak-refills');
    });

    it('searches both languages without lang, and answers the preflight of another origin', async () => {
      const response = await server.app.inject({
        method: 'GET',
        url: `/api/kb/search?q=${encodeURIComponent('receta refill')}&org=${clinic.slug}`,
      });
      const languages = response.json().items.map((item: { language: string }) => item.language);
      expect(new Set(languages)).toEqual(new Set(['en', 'es']));
      const preflight = await server.app.inject({ method: 'OPTIONS', url: '/api/kb/search' });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-methods']).toContain('GET');
    });

    it('lets signed-in staff search their own clinic, internal articles too with audience=all', async () => {
      const agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
      const own = (await agent('GET', '/api/kb/search?q=identifiers&audience=all')).json();
      expect(own.items[0]).toMatchObject({ slug: 'caller-identity', audience: 'internal', url: null });
      const publicOnly = (await agent('GET', '/api/kb/search?q=identifiers')).json();
      expect(publicOnly.items.map((item: { slug: string }) => item.slug)).not.toContain('caller-identity');
    });

    it('refuses what it cannot answer, naming the problem', async () => {
      const noClinic = await server.app.inject({ method: 'GET', url: '/api/kb/search?q=refill' });
      expect(noClinic.statusCode).toBe(400);
      expect(noClinic.json().error.details[0].field).toBe('query.org');
      const unknown = await server.app.inject({
        method: 'GET',
        url: '/api/kb/search?q=refill&org=no-such-clinic',
      });
      expect(unknown.statusCode).toBe(404);
      const internalForAll = await server.app.inject({
        method: 'GET',
        url: `/api/kb/search?q=identifiers&org=${clinic.slug}&audience=all`,
      });
      expect(internalForAll.statusCode).toBe(400);
      expect(internalForAll.json().error.details[0].field).toBe('query.audience');
      const empty = await server.app.inject({ method: 'GET', url: `/api/kb/search?q=&org=${clinic.slug}` });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.details[0].field).toBe('query.q');
      const long = await server.app.inject({
        method: 'GET',
        url: `/api/kb/search?q=${'a'.repeat(301)}&org=${clinic.slug}`,
      });
      expect(long.statusCode).toBe(400);
    });
  });
});
