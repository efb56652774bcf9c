// Stripe's form encoding (application/x-www-form-urlencoded with bracketed keys), as the
// stripe SDK writes it for query strings and POST bodies: `metadata[k]=v`, `types[0]=a`
// or `types[]=a`, `created[gte]=123`, `expand[]=data.refunds`.
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export function parseForm(text: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    const head = rawKey.split('[')[0] ?? rawKey;
    const path = [head, ...[...rawKey.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '')];
    assign(root, path, value);
  }
  return root;
}

function assign(target: Record<string, FormValue> | FormValue[], path: string[], value: string): void {
  const [key, ...rest] = path as [string, ...string[]];
  const isIndex = key === '' || /^\d+$/.test(key);
  if (Array.isArray(target)) {
    const idx = key === '' ? target.length : Number(key);
    if (rest.length === 0) target[idx] = value;
    else {
      const next = (target[idx] ??= rest[0] === '' || /^\d+$/.test(rest[0]!) ? [] : {});
      assign(next as Record<string, FormValue>, rest, value);
    }
    return;
  }
  if (isIndex && key === '') throw new Error('bad form key');
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const next = (target[key] ??= rest[0] === '' || /^\d+$/.test(rest[0]!) ? [] : {});
  assign(next as Record<string, FormValue>, rest, value);
}

export const str = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
export const list = (v: FormValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
export const obj = (v: FormValue | undefined): Record<string, FormValue> =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : {};
