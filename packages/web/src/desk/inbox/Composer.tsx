import { Button, Combobox, Group, Tabs, Text, Textarea, useCombobox, VisuallyHidden } from '@mantine/core';
import {
  type AgentReply,
  type ConversationMessage,
  type ConversationSummary,
  type JargonFinding,
  type RenderedSavedReply,
  type SavedReply,
  withPlainWords,
} from '@patientdesk/contracts';
import { type KeyboardEvent, type RefObject, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { AttachFilesButton, useFileDropAndPaste } from './AttachFilesButton.tsx';
import { ComposerAids, useReplyCheck } from './ComposerAids.tsx';
import { ComposerFiles } from './ComposerFiles.tsx';
import { ComposerNotices, isOptedOut } from './ComposerNotices.tsx';
import { useComposerFiles } from './composer-files.ts';
import {
  type ActiveToken,
  activeToken,
  colleaguesMatching,
  replaceToken,
  savedRepliesMatching,
} from './composer-tokens.ts';
import classes from './inbox.module.css';
import { useInboxPeople } from './inbox-people.tsx';
import { inLanguageFirst, SavedReplyChoice, SavedReplyPicker } from './SavedReplyPicker.tsx';

export type ComposerMode = 'message' | 'note';

/** What the conversation view asks of the composer (keyboard shortcuts r and n). */
export interface ComposerHandle {
  focus(mode: ComposerMode): void;
  /** Adds text to the end of the reply to the contact (a help article's link), on its own lines. */
  insertInReply(text: string): void;
}

/** Unsent drafts per conversation and mode, kept while the desk is open (switching away loses nothing). */
const drafts = new Map<string, string>();
/** Colleagues and the web-chat contact hear "typing" at most this often. */
const typingPingEveryMs = 3000;

/**
 * Answers the contact or writes an internal note. `@` completes a colleague's name in notes; `/`
 * finds a saved reply by its shortcut; Ctrl+Enter sends. Files (chosen, dropped or pasted)
 * upload at once and go with the reply or note. A reply held for health information can go as a
 * secure portal message instead.
 */
export function Composer({
  conversation,
  handle,
  onSent,
  onReopen,
}: {
  conversation: ConversationSummary;
  handle: RefObject<ComposerHandle | null>;
  onSent(result: { message: ConversationMessage; conversation: ConversationSummary }): void;
  onReopen(): void;
}) {
  const { t } = useTranslation();
  const people = useInboxPeople();
  const [mode, setMode] = useState<ComposerMode>('message');
  const draftKey = `${conversation.id}:${mode}`;
  const [body, setBodyState] = useState(() => drafts.get(`${conversation.id}:message`) ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [token, setToken] = useState<ActiveToken>();
  const [pickerOpen, setPickerOpen] = useState(false);
  const [sentNotice, setSentNotice] = useState<string>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const lastTypingPing = useRef(0);
  // Asked for only when wanted: most answers are typed.
  const [repliesWanted, setRepliesWanted] = useState(false);
  const savedReplies = useApiData<{ items: SavedReply[] }>(repliesWanted ? '/api/saved-replies' : undefined);
  const replies = savedReplies.data
    ? inLanguageFirst(savedReplies.data.items, conversation.language)
    : undefined;
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const attached = useComposerFiles(conversation.id);

  const setBody = (value: string) => {
    setBodyState(value);
    drafts.set(draftKey, value);
  };
  const switchMode = (next: ComposerMode) => {
    setMode(next);
    setBodyState(drafts.get(`${conversation.id}:${next}`) ?? '');
    setError(undefined);
    setToken(undefined);
  };
  const placeCaret = (caret: number) =>
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(caret, caret);
    });
  useImperativeHandle(handle, () => ({
    focus(next) {
      if (next !== mode) switchMode(next);
      requestAnimationFrame(() => textarea.current?.focus());
    },
    insertInReply(text) {
      const reply = mode === 'message' ? body : (drafts.get(`${conversation.id}:message`) ?? '');
      const next = reply.trim() ? `${reply.trimEnd()}\n\n${text}` : text;
      drafts.set(`${conversation.id}:message`, next);
      if (mode !== 'message') setMode('message');
      setBodyState(next);
      placeCaret(next.length);
    },
  }));

  const replyBlocked = mode === 'message' && (conversation.status === 'resolved' || isOptedOut(conversation));
  const colleagues =
    token?.trigger === '@' && mode === 'note' ? colleaguesMatching(people.staff, token.query) : [];
  const shortcuts = token?.trigger === '/' && replies ? savedRepliesMatching(replies, token.query) : [];
  const suggesting = colleagues.length > 0 || shortcuts.length > 0;
  const attach = (files: File[]) => {
    setSentNotice(undefined);
    attached.add(files);
  };
  const fileDrop = useFileDropAndPaste(!replyBlocked, attach);
  // Jargon, reading grade and PHI warnings for replies to the contact; notes stay among staff.
  const aids = useReplyCheck(conversation, body, mode === 'message' && !replyBlocked);

  function putPlainWords(finding: JargonFinding) {
    const next = withPlainWords(body, finding);
    aids.forget(finding);
    if (!next) return;
    setBody(next.text);
    placeCaret(next.caret);
  }

  function typed(value: string, caret: number) {
    setBody(value);
    setSentNotice(undefined);
    const found = activeToken(value, caret);
    setToken(found);
    if (found?.trigger === '/') setRepliesWanted(true);
    if (found) {
      combobox.openDropdown();
      combobox.updateSelectedOptionIndex();
    } else combobox.closeDropdown();
    if (mode === 'message' && !replyBlocked && Date.now() - lastTypingPing.current > typingPingEveryMs) {
      lastTypingPing.current = Date.now();
      callApi('POST', `/api/conversations/${conversation.id}/typing`).catch(() => {});
    }
  }

  async function insertSavedReply(reply: SavedReply, replacing: Pick<ActiveToken, 'start' | 'end'>) {
    setError(undefined);
    try {
      const rendered = await callApi<RenderedSavedReply>(
        'POST',
        `/api/conversations/${conversation.id}/saved-replies/${reply.id}/render`,
      );
      const next = replaceToken(body, replacing, rendered.body);
      setBody(next.text);
      placeCaret(next.caret);
    } catch (caught) {
      setError(caught);
    }
  }

  function choose(value: string) {
    combobox.closeDropdown();
    if (!token) return;
    const chosenToken = token;
    setToken(undefined);
    if (chosenToken.trigger === '@') {
      const next = replaceToken(body, chosenToken, `@${value} `);
      setBody(next.text);
      placeCaret(next.caret);
      return;
    }
    const reply = replies?.find((item) => item.id === value);
    if (reply) void insertSavedReply(reply, chosenToken);
  }

  async function send(options: { deliverSecurely?: boolean } = {}) {
    if (!body.trim() || busy || replyBlocked || attached.uploading) return;
    setBusy(true);
    setError(undefined);
    const attachmentIds = attached.attachmentIds;
    try {
      const request: AgentReply = {
        body,
        kind: mode,
        deliverSecurely: options.deliverSecurely ?? false,
        ...(attachmentIds.length > 0 && { attachmentIds }),
      };
      const result = await callApi<{ message: ConversationMessage; conversation: ConversationSummary }>(
        'POST',
        `/api/conversations/${conversation.id}/messages`,
        request,
      );
      setBody('');
      drafts.delete(draftKey);
      attached.clearSent(attachmentIds);
      setSentNotice(t(mode === 'note' ? 'inbox.composer.noteAdded' : 'inbox.composer.sent'));
      onSent(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  const caretAtPick = () => {
    const caret = textarea.current?.selectionStart ?? body.length;
    return { start: caret, end: caret };
  };

  return (
    <div
      className={classes.composer}
      data-mode={mode}
      data-dragging={fileDrop.dragging || undefined}
      {...fileDrop.dropTarget}
    >
      <Tabs value={mode} onChange={(value) => value && switchMode(value as ComposerMode)}>
        <Tabs.List mb="xs">
          <Tabs.Tab value="message">{t('inbox.composer.reply')}</Tabs.Tab>
          <Tabs.Tab value="note">{t('inbox.composer.note')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <ComposerNotices
        mode={mode}
        conversation={conversation}
        error={error}
        busy={busy}
        onSendSecurely={() => void send({ deliverSecurely: true })}
        onReopen={onReopen}
      />
      <Combobox store={combobox} onOptionSubmit={choose} position="top-start" withinPortal>
        <Combobox.Target withAriaAttributes={false}>
          <Textarea
            ref={textarea}
            mt="xs"
            label={t(mode === 'note' ? 'inbox.composer.noteLabel' : 'inbox.composer.replyLabel', {
              channel: t(`inbox.channel.${conversation.channel}`),
            })}
            description={t(mode === 'note' ? 'inbox.composer.noteHint' : 'inbox.composer.replyHint')}
            value={body}
            onChange={(event) => typed(event.currentTarget.value, event.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            onPaste={fileDrop.onPaste}
            onBlur={() => combobox.closeDropdown()}
            autosize
            minRows={2}
            maxRows={8}
            disabled={replyBlocked}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={!suggesting}>
          <Combobox.Options aria-label={t('inbox.composer.suggestions')}>
            {colleagues.map((member) => (
              <Combobox.Option value={member.mentionName} key={member.id}>
                <Text size="sm">
                  {member.displayName}{' '}
                  <Text span size="xs" c="gray.8">
                    @{member.mentionName} · {t(`availability.${member.availability}`)}
                  </Text>
                </Text>
              </Combobox.Option>
            ))}
            {shortcuts.map((reply) => (
              <Combobox.Option value={reply.id} key={reply.id}>
                <SavedReplyChoice reply={reply} />
              </Combobox.Option>
            ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      <VisuallyHidden aria-live="polite">
        {suggesting
          ? t('inbox.composer.suggestionsOpen', { count: colleagues.length + shortcuts.length })
          : ''}
      </VisuallyHidden>
      {mode === 'message' && (
        <ComposerAids check={aids.check} conversation={conversation} onUsePlainWords={putPlainWords} />
      )}
      {fileDrop.dragging && (
        <Text size="sm" fw={600} mt="xs" c="clinicTeal.9">
          {t('inbox.attachments.dropHere')}
        </Text>
      )}
      <ComposerFiles files={attached.files} tooMany={attached.leftOut} onRemove={attached.remove} />
      <Group justify="space-between" mt="xs" gap="xs">
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              setRepliesWanted(true);
              setPickerOpen(true);
            }}
            disabled={replyBlocked}
          >
            {t('inbox.savedReplies.open')}
          </Button>
          <AttachFilesButton disabled={replyBlocked} onFiles={attach} />
        </Group>
        <Group gap="xs">
          <Text size="xs" c="gray.8" role="status">
            {attached.uploading ? t('inbox.attachments.waitForUploads') : sentNotice}
          </Text>
          <Button
            onClick={() => void send()}
            loading={busy}
            disabled={replyBlocked || !body.trim() || attached.uploading}
          >
            {t(mode === 'note' ? 'inbox.composer.addNote' : 'inbox.composer.send')}
          </Button>
        </Group>
      </Group>
      <SavedReplyPicker
        opened={pickerOpen}
        replies={replies}
        error={savedReplies.error}
        onClose={() => setPickerOpen(false)}
        onPick={(reply) => {
          setPickerOpen(false);
          void insertSavedReply(reply, caretAtPick());
        }}
      />
    </div>
  );
}
