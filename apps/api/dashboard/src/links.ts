/** Links to another state of the dashboard: a real href (open in a new tab works), followed in place. */
import { h, type Child } from './dom.js';
import { navigate, readState, stateSearch, type State } from './state.js';

export function viewLink(patch: Partial<State>, ...children: Child[]): HTMLAnchorElement {
  const link = h('a', { href: stateSearch({ ...readState(), ...patch }) || '?' }, ...children);
  link.addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(patch);
  });
  return link;
}

/** The article view of one article. */
export function articleLink(id: number, text: string): HTMLAnchorElement {
  return viewLink({ view: 'article', id: String(id), at: '', until: '' }, text);
}
