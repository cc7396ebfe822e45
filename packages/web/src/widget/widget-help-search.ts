import type { KbSearchResponse } from '@patientdesk/contracts';
import type { WidgetText } from './widget-texts.ts';

/**
 * "Search our help articles" in the chat widget: collapsed under one link-styled button so the
 * chat stays first, it lists up to five of the clinic's public articles in the widget's
 * language, each opening its help-centre page in a new tab (the chat stays where it was).
 * Kept tiny on purpose: every byte here is downloaded by every visitor of the clinic's site.
 */

type Make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Record<string, string>,
  ...children: (Node | string)[]
) => HTMLElementTagNameMap[K];

const styles = `.help{border-top:1px solid #dee2e6}.help .link{padding:8px 16px}
.help form{border:0;padding:0 12px 6px}.help input{flex:1;min-width:0;border:1px solid #adb5bd;border-radius:8px;padding:6px 8px;font-size:14px}
.help p{margin:0;padding:0 16px 4px;font-size:13px;color:#495057}
.help ul{margin:0;padding:0 16px 8px 32px;max-height:130px;overflow-y:auto;font-size:14px}.help a{color:var(--pd-color,#0b6e6e)}`;

/**
 * The search block, to place above the composer. `searchUrl` is the public
 * `/api/kb/search?org=…&lang=…` of this clinic; texts carry `data-text`, so the widget's own
 * text refresh fills them in.
 */
export function helpSearch(h: Make, t: (key: WidgetText) => string, searchUrl: string): HTMLElement {
  const toggle = h('button', {
    class: 'link',
    type: 'button',
    'aria-expanded': 'false',
    'aria-controls': 'pd-help',
    'data-text': 'helpSearch',
  });
  const input = h('input', {
    type: 'search',
    maxlength: '300',
    'aria-label': t('helpSearch'),
    placeholder: t('helpExample'),
  });
  const form = h(
    'form',
    { role: 'search' },
    input,
    h('button', { class: 'primary', type: 'submit', 'data-text': 'helpGo' }),
  );
  const status = h('p', { role: 'status' });
  const list = h('ul');
  const area = h('div', { id: 'pd-help', hidden: '' }, form, status, list);
  let latest = 0;

  toggle.addEventListener('click', () => {
    area.hidden = !area.hidden;
    toggle.setAttribute('aria-expanded', String(!area.hidden));
    if (!area.hidden) input.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const words = input.value.trim();
    if (!words) return input.focus();
    // Only the latest search may show its answer: an older, slower one must not overwrite it.
    const asked = ++latest;
    let found: KbSearchResponse['items'] | null = null;
    try {
      const response = await fetch(`${searchUrl}&limit=5&q=${encodeURIComponent(words)}`);
      if (response.ok) found = ((await response.json()) as KbSearchResponse).items;
    } catch {
      // Shown as a failed search below.
    }
    if (asked !== latest) return;
    const links = (found ?? []).flatMap((item) =>
      item.url
        ? [h('li', {}, h('a', { href: item.url, target: '_blank', rel: 'noopener' }, item.title))]
        : [],
    );
    status.textContent = t(!found ? 'helpFailed' : links.length ? 'helpFound' : 'helpNone');
    list.replaceChildren(...links);
  });

  const style = h('style');
  style.textContent = styles;
  return h('div', { class: 'help' }, style, toggle, area);
}
