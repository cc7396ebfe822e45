/**
 * An OpenAI-compatible chat-completions endpoint (a model the clinic hosts, or a provider it has
 * a business associate agreement with), which may write the assistant's answer from the
 * retrieved articles. It is given only the patient's message and the public articles, never
 * other PHI; its answer must cite one of the articles it was given, or it is not sent (the
 * search answer is sent instead).
 */

export interface LanguageModelSettings {
  url: string;
  apiKey: string | null;
  model: string;
  timeoutMs: number;
}

export interface ArticleForModel {
  slug: string;
  title: string;
  body: string;
}

export interface ModelAnswer {
  text: string;
  slug: string;
}

export class LanguageModelError extends Error {}

const noAnswer = 'NO_ANSWER';

function instructions(clinic: string, language: 'en' | 'es'): string {
  return [
    `You answer routine questions from patients of ${clinic}, using ONLY the help articles given.`,
    `Answer in ${language === 'es' ? 'Spanish' : 'English'}, in 2 to 4 short, plain sentences (US grade 6 reading level), warmly.`,
    'Never give medical advice, never guess, never ask for or repeat personal or health details.',
    'End with the citation of the one article you used, exactly as [article:slug].',
    `If the articles do not answer the question, reply with exactly ${noAnswer}.`,
  ].join(' ');
}

/** Asks the model; resolves to null when it has no answer or does not cite a given article. */
export async function answerWithLanguageModel(
  settings: LanguageModelSettings,
  question: { text: string; language: 'en' | 'es'; clinic: string },
  articles: ArticleForModel[],
): Promise<ModelAnswer | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  let response: Response;
  try {
    response = await fetch(`${settings.url.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: settings.model,
        temperature: 0,
        messages: [
          { role: 'system', content: instructions(question.clinic, question.language) },
          {
            role: 'user',
            content: [
              ...articles.map((a) => `<article slug="${a.slug}">\n# ${a.title}\n${a.body}\n</article>`),
              `Patient's question: ${question.text}`,
            ].join('\n\n'),
          },
        ],
      }),
    });
  } catch (error) {
    throw new LanguageModelError(`The language model did not answer: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new LanguageModelError(`The language model answered ${response.status}.`);
  const body = (await response.json().catch(() => null)) as {
    choices?: { message?: { content?: unknown } }[];
  } | null;
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new LanguageModelError('The language model gave no text.');
  if (content.trim() === noAnswer) return null;
  const cited = [...content.matchAll(/\[article:([a-z0-9-]+)\]/g)].map((m) => m[1]!);
  const slug = cited.find((s) => articles.some((a) => a.slug === s));
  // An answer that does not say where it comes from is not sent.
  if (!slug) return null;
  const text = content.replace(/\s*\[article:[a-z0-9-]+\]/g, '').trim();
  return text ? { text, slug } : null;
}
