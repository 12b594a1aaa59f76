/** The access-key field the alerts, article and label views share: one key for this tab, any view. */
import { storeKey, storedKey } from './api.js';
import { button, h } from './dom.js';

/** The key form: kept in sessionStorage (this tab only), sent as `Authorization: Bearer`. */
export function keyForm(rerender: () => void, purpose: string): HTMLElement {
  const input = h('input', {
    type: 'password',
    id: 'api-key',
    name: 'key',
    autocomplete: 'off',
    placeholder: storedKey() ? 'a key is stored for this tab' : 'sw_…',
  });
  const form = h(
    'form',
    { class: 'key-form', 'aria-label': 'Access key' },
    h('label', { for: 'api-key' }, `Access key (${purpose}; kept only in this tab)`),
    input,
    h('button', { type: 'submit' }, 'Use key'),
    button('Forget key', () => {
      storeKey(null);
      rerender();
    }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) storeKey(input.value.trim());
    rerender();
  });
  return form;
}
