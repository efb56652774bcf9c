// WCAG 2.x contrast of every visible text on the page against the background it is
// painted on. Runs inside the page: colours are read through a canvas, so any CSS
// colour syntax (rgb(), color-mix() results, color(srgb …)) is compared the same way.
import type { Page } from 'playwright-core';

export interface ContrastFailure {
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
  where: string;
}

/** Checks every element with its own text: 4.5:1, or 3:1 for large text (WCAG 1.4.3). Disabled controls are exempt. */
export async function contrastFailures(page: Page): Promise<ContrastFailure[]> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const rgba = (css: string): [number, number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      return [d[0]!, d[1]!, d[2]!, d[3]! / 255];
    };
    const over = (top: number[], bottom: number[]) => {
      const a = top[3]!;
      return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(1);
    };
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    /** The opaque colour behind `el`: its own and its ancestors' backgrounds, composited. */
    const backdrop = (el: Element | null): number[] => {
      const layers: number[][] = [];
      for (let n = el; n; n = n.parentElement) {
        const bg = rgba(getComputedStyle(n).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let out: number[] = rgba(getComputedStyle(document.body).backgroundColor);
      if (out[3]! < 1) out = over(out, [255, 255, 255, 1]);
      for (const layer of layers.reverse()) out = over(layer, out);
      return out;
    };
    const failures: ContrastFailure[] = [];
    const all = document.querySelectorAll<HTMLElement>('body *');
    for (const el of all) {
      if (['SCRIPT', 'STYLE', 'svg', 'OPTION', 'TITLE'].includes(el.tagName)) continue;
      // An empty field shows its placeholder: that text is checked in the placeholder's colour.
      const placeholder = (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && !el.value ? el.placeholder : '';
      const own = placeholder || [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()).map((n) => n.textContent!.trim()).join(' ');
      if (!own) continue;
      if (el.closest('[disabled], [aria-disabled="true"], [inert], [aria-hidden="true"]')) continue;
      const style = getComputedStyle(el);
      if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1 || rect.bottom < 0 || rect.right < 0 || rect.top > innerHeight || rect.left > innerWidth) continue;
      // Only what the agent can see: skip text covered by something else (a dialog's backdrop).
      const x = Math.min(innerWidth - 1, Math.max(0, rect.left + Math.min(rect.width / 2, 8)));
      const y = Math.min(innerHeight - 1, Math.max(0, rect.top + rect.height / 2));
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) continue;
      const bg = backdrop(el);
      const fg = over(rgba(placeholder ? getComputedStyle(el, '::placeholder').color : style.color), bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio + 0.005 < needed) {
        const path: string[] = [];
        for (let n: Element | null = el; n && path.length < 4; n = n.parentElement) path.push(n.tagName.toLowerCase() + (n.className && typeof n.className === 'string' ? `.${n.className.trim().split(/\s+/).join('.')}` : ''));
        failures.push({ text: own.slice(0, 60), ratio: Math.round(ratio * 100) / 100, needed, color: style.color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(',')})`, where: path.join(' < ') });
      }
    }
    return failures;
  });
}
