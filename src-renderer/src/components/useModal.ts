// A real modal: focus stays inside (Tab and Shift+Tab cycle), the page behind is inert
// (no clicks, no focus, no screen reader), the app's global shortcuts stand down while
// `document.body.dataset.modal` is set, and focus returns where it was on close.
import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** True while a modal dialog is open: App.vue's Ctrl+K, "/" and search shortcuts check it. */
export const modalOpen = () => document.body.dataset['modal'] === 'open';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[inert]') && el.getClientRects().length > 0);
}

/** Makes everything but `el` and its ancestors inert; returns the undo. */
function inertOutside(el: HTMLElement): () => void {
  const changed: HTMLElement[] = [];
  for (let node: HTMLElement | null = el; node && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement?.children ?? []) {
      if (sibling !== node && sibling instanceof HTMLElement && !sibling.inert) {
        sibling.inert = true;
        changed.push(sibling);
      }
    }
  }
  return () => changed.forEach((s) => (s.inert = false));
}

export function useModal(overlay: Ref<HTMLElement | null>, dialog: Ref<HTMLElement | null>, requestClose: () => void) {
  let undo: (() => void) | null = null;
  let before: Element | null = null;

  function onKey(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      requestClose();
      return;
    }
    // Ctrl+K / Cmd+K must not reach the search box behind the dialog.
    if (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key !== 'Tab' || !dialog.value) return;
    const list = focusables(dialog.value);
    if (!list.length) return;
    const at = list.indexOf(document.activeElement as HTMLElement);
    const next = event.shiftKey ? (at <= 0 ? list.length - 1 : at - 1) : at === list.length - 1 || at < 0 ? 0 : at + 1;
    event.preventDefault();
    list[next]!.focus();
  }

  onMounted(() => {
    before = document.activeElement;
    document.body.dataset['modal'] = 'open';
    if (overlay.value) undo = inertOutside(overlay.value);
  });
  onBeforeUnmount(() => {
    delete document.body.dataset['modal'];
    undo?.();
    if (before instanceof HTMLElement && before.isConnected) before.focus();
  });

  return { onKey };
}
