import type { WidgetChat, WidgetMessage } from '@patientdesk/contracts';
import { newClientMessageId } from '../portal/messages/client-message-id.ts';
import {
  createPortalChat,
  type PortalChat,
  type PortalChatPatient,
  portalPatientsFor,
} from './portal-chat.ts';
import { createWidgetApi, type WidgetApi, type WidgetClinic } from './widget-api.ts';
import { helpSearch } from './widget-help-search.ts';
import { widgetStyles } from './widget-styles.ts';
import { translate, type WidgetLanguage, type WidgetText, widgetLanguage } from './widget-texts.ts';

/**
 * The chat widget a clinic embeds on its website:
 *   <script src="https://desk.clinic.example/widget.js" data-org="clinic-short-name" async></script>
 * Optional: data-lang="es", data-color="#0b6e6e". It draws a "Chat with us" button; the visitor
 * writes, sees the agent typing and the answer live, and can leave an email or phone to be told
 * when an answer waits. Everything lives in a shadow root, so the page's styles do not mix in.
 */

type Child = Node | string | null | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

const typingShownMs = 4000;
const typingPingEveryMs = 3000;
const presencePollMs = 60_000;
/** Signed in to the portal there is no websocket: the open chat asks this often. */
const portalPollMs = 10_000;

class ChatWidget {
  private clinic: WidgetClinic = { name: '', defaultLanguage: 'en', agentsAvailable: true };
  private chat: WidgetChat | null = null;
  private socket: WebSocket | null = null;
  private retryMs = 1000;
  private unread = 0;
  private pendingId: string | null = null;
  private lastTypingPing = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly root: ShadowRoot;
  private readonly launcher = h('button', { class: 'launcher', type: 'button', 'aria-haspopup': 'dialog' });
  private readonly panel = h('section', { class: 'panel', role: 'dialog', hidden: '' });
  private readonly heading = h('h2', { id: 'pd-title' });
  private readonly status = h('p');
  private readonly log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
  private readonly typing = h('div', { class: 'typing', 'aria-live': 'polite' });
  private readonly input = h('textarea', { rows: '2', maxlength: '2000' });
  private readonly sendButton = h('button', { class: 'primary', type: 'submit' });
  private readonly error = h('p', { class: 'error', role: 'alert' });
  private readonly laterToggle = h('button', { class: 'link', type: 'button' });
  private readonly laterForm = h('form', { class: 'later', hidden: '' });
  private portal: PortalChat | null;

  constructor(
    private readonly api: WidgetApi,
    private readonly language: WidgetLanguage,
    private readonly portalUrl: string,
    host: HTMLElement,
    color: string | null,
    private readonly baseUrl: string,
    private readonly portalPatients: PortalChatPatient[],
  ) {
    this.portal = portalPatients[0] ? createPortalChat(baseUrl, portalPatients[0]) : null;
    this.root = host.attachShadow({ mode: 'open' });
    if (color && /^#[0-9a-f]{3,8}$/i.test(color)) host.style.setProperty('--pd-color', color);
  }

  private t(key: WidgetText): string {
    return translate(this.language, key, this.clinic.name || 'the clinic');
  }

  async start(): Promise<void> {
    this.render();
    try {
      this.clinic = await this.api.clinic();
    } catch {
      // The button still works; the name and availability are extras.
    }
    this.applyTexts();
    if (this.portal) {
      await this.refresh(false);
      setInterval(() => {
        if (!this.panel.hidden && document.visibilityState === 'visible') void this.refresh(true);
      }, portalPollMs);
      return;
    }
    if (this.api.hasToken()) {
      await this.refresh(false);
      if (this.chat?.conversation) this.connect();
    }
    setInterval(() => {
      if (document.visibilityState === 'visible' && this.chat?.conversation) void this.refresh(false);
    }, presencePollMs);
  }

  private render(): void {
    const style = h('style');
    style.textContent = widgetStyles;
    const closeButton = h('button', { class: 'close', type: 'button' }, '×');
    closeButton.setAttribute('aria-label', this.t('close'));
    closeButton.addEventListener('click', () => this.close());
    this.launcher.addEventListener('click', () => this.open());
    this.panel.setAttribute('aria-labelledby', 'pd-title');
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });

    const composer = h('form', {}, this.input, this.sendButton);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        void this.send();
      }
    });
    this.input.addEventListener('input', () => {
      const now = Date.now();
      if (!this.portal && this.chat?.conversation && now - this.lastTypingPing > typingPingEveryMs) {
        this.lastTypingPing = now;
        void this.api.typing();
      }
    });
    this.laterToggle.addEventListener('click', () => {
      this.laterForm.hidden = !this.laterForm.hidden;
      if (!this.laterForm.hidden) this.laterForm.querySelector('input')?.focus();
    });
    this.buildLaterForm();

    this.panel.append(
      h('div', { class: 'header' }, h('div', { style: 'flex:1' }, this.heading, this.status), closeButton),
      h('p', { class: 'safety', 'data-text': 'notForEmergencies' }),
      ...(this.portal
        ? [h('p', { class: 'portal', 'data-text': 'signedIn' }), this.patientPicker()].filter(
            (element): element is HTMLElement => element !== null,
          )
        : []),
      this.log,
      this.typing,
      this.error,
      helpSearch(h, (key) => this.t(key), `${this.api.helpSearchUrl}&lang=${this.language}`),
      composer,
      ...(this.portal
        ? []
        : [
            this.laterToggle,
            this.laterForm,
            h('a', {
              class: 'portal',
              href: this.portalUrl,
              target: '_blank',
              rel: 'noopener',
              'data-text': 'portalLink',
            }),
          ]),
    );
    this.root.append(style, this.launcher, this.panel);
    this.applyTexts();
  }

  /** A proxy writing for several patients picks whom the message is about. */
  private patientPicker(): HTMLElement | null {
    if (this.portalPatients.length < 2) return null;
    const select = h('select', { class: 'patients' });
    for (const patient of this.portalPatients)
      select.append(h('option', { value: patient.id }, patient.displayName));
    select.addEventListener('change', () => {
      const patient = this.portalPatients.find((candidate) => candidate.id === select.value);
      if (!patient) return;
      this.portal = createPortalChat(this.baseUrl, patient);
      this.chat = null;
      void this.refresh(false);
    });
    return h('label', { class: 'later' }, h('span', { 'data-text': 'about' }), select);
  }

  private buildLaterForm(): void {
    const field = (key: 'name' | 'email' | 'phone', type: string, autocomplete: string) =>
      h('label', {}, h('span', { 'data-text': key }), h('input', { name: key, type, autocomplete }));
    const save = h('button', { class: 'primary', type: 'submit', 'data-text': 'save' });
    const cancel = h('button', { class: 'secondary', type: 'button', 'data-text': 'cancel' });
    const problem = h('p', { class: 'error', role: 'alert' });
    cancel.addEventListener('click', () => {
      this.laterForm.hidden = true;
      this.laterToggle.focus();
    });
    this.laterForm.append(
      field('name', 'text', 'name'),
      field('email', 'email', 'email'),
      field('phone', 'tel', 'tel'),
      problem,
      h('div', { class: 'row' }, save, cancel),
    );
    this.laterForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = (name: string) =>
        (this.laterForm.querySelector(`input[name="${name}"]`) as HTMLInputElement).value.trim() || undefined;
      const details = { name: value('name'), email: value('email'), phone: value('phone') };
      if (!details.email && !details.phone) {
        problem.textContent = this.t('laterNeedsOne');
        return;
      }
      try {
        if (!this.chat?.conversation) throw new Error(this.t('placeholder'));
        await this.api.leaveContactDetails(details);
        problem.textContent = '';
        this.laterForm.hidden = true;
        await this.refresh(false);
      } catch (failure) {
        problem.textContent = failure instanceof Error ? failure.message : String(failure);
      }
    });
  }

  private applyTexts(): void {
    this.launcher.textContent = this.t('open');
    if (this.unread > 0)
      this.launcher.append(
        h(
          'span',
          { class: 'badge', 'aria-label': `${this.unread} ${this.t('unread')}` },
          String(this.unread),
        ),
      );
    this.heading.textContent = this.t('title');
    this.status.textContent = this.clinic.agentsAvailable ? this.t('online') : this.t('offline');
    this.input.placeholder = this.t('placeholder');
    this.input.setAttribute('aria-label', this.t('placeholder'));
    this.sendButton.textContent = this.pendingId ? this.t('sending') : this.t('send');
    this.sendButton.disabled = this.pendingId !== null;
    this.log.setAttribute('aria-label', this.t('log'));
    const details = this.chat?.contactDetails;
    this.laterToggle.textContent =
      details && (details.email || details.phone) ? this.t('laterSaved') : this.t('later');
    this.laterToggle.hidden = !this.chat?.conversation;
    for (const element of this.root.querySelectorAll<HTMLElement>('[data-text]'))
      element.textContent = this.t(element.dataset.text as WidgetText);
  }

  private open(): void {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.unread = 0;
    this.applyTexts();
    this.scrollToEnd();
    this.input.focus();
  }

  private close(): void {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.focus();
  }

  private renderMessages(): void {
    const messages = this.chat?.messages ?? [];
    this.log.replaceChildren(
      ...messages.map((message, index) => this.messageElement(message, index === messages.length - 1)),
      ...(this.chat?.conversation?.status === 'resolved'
        ? [h('p', { class: 'notice' }, this.t('resolved'))]
        : []),
    );
    this.scrollToEnd();
  }

  private messageElement(message: WidgetMessage, last: boolean): HTMLElement {
    const mine = message.from === 'visitor';
    const who = mine
      ? this.t('you')
      : message.from === 'assistant'
        ? this.t('assistant')
        : (message.agentName ?? this.t('clinic'));
    // The assistant's latest answer: one tap says whether it helped, or asks for a person.
    const replies =
      last && message.asksIfHelpful
        ? [
            h(
              'div',
              { class: 'quick-replies' },
              ...(['helpedYes', 'helpedNo', 'askPerson'] as const).map((key) => {
                const button = h('button', { type: 'button' }, this.t(key));
                button.addEventListener('click', () => void this.send(this.t(key)));
                return button;
              }),
            ),
          ]
        : [];
    return h(
      'div',
      { class: `message ${mine ? 'from-visitor' : 'from-staff'}`, 'data-from': message.from },
      h('small', {}, who),
      message.body,
      ...replies,
    );
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private async refresh(countUnread: boolean): Promise<void> {
    const before = this.chat?.messages.length ?? 0;
    try {
      this.chat = this.portal ? await this.portal.chat() : await this.api.chat();
    } catch {
      return;
    }
    const added = (this.chat?.messages ?? [])
      .slice(before)
      .filter((message) => message.from !== 'visitor').length;
    if (countUnread && this.panel.hidden) this.unread += added;
    if (added > 0) this.showTyping(false);
    this.renderMessages();
    this.applyTexts();
  }

  private async send(quickReply?: string): Promise<void> {
    const body = quickReply ?? this.input.value.trim();
    if (!body || this.pendingId) return;
    // Kept until it is stored: pressing Send again after a failure is the same message.
    this.pendingId ??= newClientMessageId();
    this.error.textContent = '';
    this.applyTexts();
    const hadConversation = Boolean(this.chat?.conversation);
    try {
      this.chat = this.portal
        ? await this.portal.send(body, this.pendingId)
        : await this.api.send(body, this.pendingId, window.location.href, this.language);
      if (!quickReply) this.input.value = '';
      this.pendingId = null;
      this.renderMessages();
      if (!this.portal && (!hadConversation || !this.socket)) this.connect();
    } catch (failure) {
      this.error.textContent =
        failure instanceof Error && failure.message ? failure.message : this.t('sendFailed');
      this.pendingId = null;
    }
    this.applyTexts();
    this.input.focus();
  }

  private showTyping(on: boolean): void {
    clearTimeout(this.typingTimer);
    this.typing.textContent = on ? this.t('typing') : '';
    if (on) this.typingTimer = setTimeout(() => this.showTyping(false), typingShownMs);
  }

  private connect(): void {
    this.socket?.close();
    this.socket = this.api.live(
      (event) => {
        if (event.type === 'connected') this.retryMs = 1000;
        else if (event.type === 'typing') this.showTyping(true);
        else void this.refresh(true);
      },
      (code) => {
        this.socket = null;
        // 4404: no chat yet (the next send connects); 4400: not a chat of this clinic.
        if (code === 4404 || code === 4400) return;
        setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      },
    );
  }
}

// Read while this script runs: afterwards document.currentScript is null.
const ownScript = document.currentScript as HTMLScriptElement | null;

function startWidget(): void {
  const script = ownScript ?? document.querySelector<HTMLScriptElement>('script[src*="widget.js"][data-org]');
  const org = script?.dataset.org;
  if (!script || !org) {
    console.error('PatientDesk chat: add data-org="<your clinic short name>" to the widget.js script tag.');
    return;
  }
  const baseUrl = new URL(script.src, window.location.href).origin;
  const language = widgetLanguage(script.dataset.lang, navigator.languages ?? []);
  const host = document.createElement('patientdesk-chat');
  document.body.append(host);
  let storage: Storage | undefined;
  try {
    storage = window.localStorage;
  } catch {
    // Storage blocked (private mode, third-party rules): the chat lasts as long as the page.
  }
  // Signed in to this clinic's portal (the widget on PatientDesk's own pages): secure messages.
  void portalPatientsFor(baseUrl, org).then((portalPatients) =>
    new ChatWidget(
      createWidgetApi(baseUrl, org, storage),
      language,
      `${baseUrl}/portal`,
      host,
      script.dataset.color ?? null,
      baseUrl,
      portalPatients,
    ).start(),
  );
}

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', startWidget, { once: true });
else startWidget();
