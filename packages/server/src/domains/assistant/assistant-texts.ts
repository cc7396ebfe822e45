/**
 * What the assistant says, in English and Spanish: the article's own summary (or the model's
 * cited answer) with its link, "did this help?", and always a way to a person. By SMS the answer
 * to "did this help?" is a number: YES is a carrier keyword (it opts a number back in to texts).
 */

type Language = 'en' | 'es';

export function answerText(
  language: Language,
  channel: 'web' | 'portal' | 'sms',
  answer: { text: string; title: string; url: string },
): string {
  if (language === 'es')
    return channel === 'sms'
      ? `${answer.text}\n\nMás: ${answer.url}\n¿Le ayudó? Responda 1 (sí) o 2 (no), o AGENTE para hablar con nuestro equipo.`
      : `${answer.text}\n\nLea más: «${answer.title}» ${answer.url}\n\n¿Le ayudó esta respuesta? Si no, escriba «agente» y le atiende una persona.`;
  return channel === 'sms'
    ? `${answer.text}\n\nMore: ${answer.url}\nDid this help? Reply 1 (yes) or 2 (no), or AGENT to reach our team.`
    : `${answer.text}\n\nRead more: “${answer.title}” ${answer.url}\n\nDid this answer your question? If not, type “agent” and a person will help.`;
}

export const assistantTexts = {
  handOver: {
    en: 'I’m passing your message to our team. A person will answer you here soon.',
    es: 'Le paso su mensaje a nuestro equipo. Una persona le responderá aquí pronto.',
  },
  notFound: {
    en: 'I could not find that in our help articles. Could you ask it another way? Or type “agent” and a person will help.',
    es: 'No encontré eso en nuestros artículos de ayuda. ¿Puede preguntarlo de otra manera? O escriba «agente» y le atiende una persona.',
  },
  glad: {
    en: 'Glad that helped. Write again any time.',
    es: 'Qué bueno que le ayudó. Escríbanos cuando quiera.',
  },
} as const;
