import { Alert, Button, Group, List, Text, VisuallyHidden } from '@mantine/core';
import type { ConversationSummary, JargonFinding, ReplyCheck } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import classes from './inbox.module.css';

/** How long typing must pause before the draft is checked: each keystroke starts the wait again. */
export const replyCheckPauseMs = 400;

/**
 * The server's check of the draft reply (jargon, reading grade, PHI on SMS or plain email),
 * asked for once the agent pauses typing. A keystroke cancels the waiting check, and an answer
 * for older text is dropped, so typing is never held up and the aids never show an old draft's
 * findings for long. Notes and replies that cannot be sent are not checked.
 */
export function useReplyCheck(
  conversation: ConversationSummary,
  body: string,
  enabled: boolean,
): { check: ReplyCheck | undefined; forget(finding: JargonFinding): void } {
  const [check, setCheck] = useState<ReplyCheck>();
  const wanted = enabled && body.trim().length > 0;

  useEffect(() => {
    if (!wanted) {
      setCheck(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      callApi<ReplyCheck>('POST', `/api/conversations/${conversation.id}/reply-check`, {
        body,
        kind: 'message',
      }).then(
        (answer) => {
          if (current) setCheck(answer);
        },
        // The aids are advice: when the check fails the reply can still be written and sent,
        // and the send makes its own check.
        () => {
          if (current) setCheck(undefined);
        },
      );
    }, replyCheckPauseMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [conversation.id, body, wanted]);

  return {
    check: wanted ? check : undefined,
    // Once replaced, a finding is gone from the aids at once, before the text is checked again.
    forget: (finding) =>
      setCheck((shown) =>
        shown ? { ...shown, jargon: shown.jargon.filter((other) => other !== finding) } : shown,
      ),
  };
}

const formatGrade = (grade: number, language: string) =>
  grade.toLocaleString(language, { maximumFractionDigits: 1 });

/** What a screen reader hears when the aids change: one short sentence, not the whole list. */
function useAidsSummary(check: ReplyCheck | undefined): string {
  const { t, i18n } = useTranslation();
  if (!check) return '';
  const parts: string[] = [];
  if (check.phi.findings.length > 0) parts.push(t('inbox.composer.aids.phiShort'));
  if (check.jargon.length > 0)
    parts.push(t('inbox.composer.aids.jargonShort', { count: check.jargon.length }));
  if (check.readingGrade !== null && check.readingGrade > check.gradeLimit)
    parts.push(
      t('inbox.composer.aids.gradeShort', {
        grade: formatGrade(check.readingGrade, i18n.language),
        limit: check.gradeLimit,
      }),
    );
  return parts.join(' ');
}

/**
 * Plain-language and privacy aids under the reply box: health information about to go over an
 * insecure channel (before sending, not only once the send is held), medical words with the
 * plain words to use instead (one click puts them in), and the reading grade of the reply.
 */
export function ComposerAids({
  check,
  conversation,
  onUsePlainWords,
}: {
  check: ReplyCheck | undefined;
  conversation: ConversationSummary;
  onUsePlainWords(finding: JargonFinding): void;
}) {
  const { t, i18n } = useTranslation();
  const summary = useAidsSummary(check);
  const replyLanguage = check?.language ?? undefined;
  const grade = check?.readingGrade ?? null;
  const gradeText = grade === null ? '' : formatGrade(grade, i18n.language);
  const gradeTooHigh = check && grade !== null && grade > check.gradeLimit;

  return (
    <div className={classes.composerAids}>
      <VisuallyHidden aria-live="polite">{summary}</VisuallyHidden>
      {check && check.phi.findings.length > 0 && (
        // Not role="alert": the agent is typing, and the sentence above already tells them politely.
        <Alert color="orange" variant="light" role="note" title={t('inbox.composer.aids.phiTitle')}>
          <Text size="sm">
            {t('inbox.composer.aids.phiExplain', { channel: t(`inbox.channel.${conversation.channel}`) })}
          </Text>
          <List size="sm" mt={4}>
            {check.phi.findings.map((finding) => (
              <List.Item key={`${finding.rule}:${finding.matched}`}>
                {t(`inbox.composer.aids.rule.${finding.rule}`, { defaultValue: finding.rule })}: “
                {finding.matched}”
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {check && check.jargon.length > 0 && (
        <div>
          <Text size="sm" fw={600} id={`plain-words-${conversation.id}`}>
            {t('inbox.composer.aids.jargonTitle')}
          </Text>
          <ul className={classes.jargonList} aria-labelledby={`plain-words-${conversation.id}`}>
            {check.jargon.map((finding) => (
              <li key={`${finding.start}:${finding.term}`} className={classes.jargonItem}>
                <Text size="sm" span>
                  <span className={classes.jargonTerm} lang={replyLanguage}>
                    {finding.term}
                  </span>{' '}
                  → <span lang={replyLanguage}>{finding.plain}</span>
                </Text>
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => onUsePlainWords(finding)}
                  aria-label={t('inbox.composer.aids.usePlainFor', {
                    term: finding.term,
                    plain: finding.plain,
                  })}
                >
                  {t('inbox.composer.aids.usePlain')}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {check && grade !== null && (
        <Group gap={6}>
          {/* Orange 9 on white is 4.3:1, under WCAG AA for small text; this darker orange is 6.5:1. */}
          <Text size="xs" c={gradeTooHigh ? '#a63a0a' : 'gray.8'} fw={gradeTooHigh ? 600 : undefined}>
            {gradeTooHigh
              ? t('inbox.composer.aids.gradeHigh', { grade: gradeText, limit: check.gradeLimit })
              : t('inbox.composer.aids.gradeOk', { grade: gradeText, limit: check.gradeLimit })}
          </Text>
        </Group>
      )}
    </div>
  );
}
