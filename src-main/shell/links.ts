// The one chokepoint for opening anything outside the app (STYLE.md habit 9). Direct
// shell.openExternal calls elsewhere are banned by lint (and by test/unit/security/chokepoints.test.ts).

/**
 * Where an agent may be sent from the console: exact hosts (no subdomain wildcard, so a
 * look-alike such as `evilstripe.com` or a forgotten subdomain never matches) and, per
 * host, the path prefixes the console links to. A prefix ending in `/` matches below it;
 * otherwise the path must equal it or continue with `/`.
 */
const ALLOWED: Record<string, readonly string[]> = {
  // Apple's refund request page and its help article (HT204084), DESIGN §2.
  'reportaproblem.apple.com': ['/'],
  'support.apple.com': ['/HT204084', '/en-us/HT204084'],
  // Google Play's help on refunds and the Play Console's order management.
  'support.google.com': ['/googleplay/'],
  'play.google.com': ['/console/'],
  // A payment, customer, subscription or dispute opened in the Stripe Dashboard.
  'dashboard.stripe.com': ['/payments/', '/customers/', '/subscriptions/', '/disputes/', '/refunds/', '/invoices/', '/test/'],
  'docs.stripe.com': ['/refunds', '/keys'],
  // Amazon's customer-service pages (customers cancel and ask for refunds there) and the RVS docs.
  'www.amazon.com': ['/gp/help/customer/'],
  'developer.amazon.com': ['/docs/'],
  // Release notes of updates: this project's releases only (electron-builder.yml publish).
  'github.com': ['/refund-desk/refund-desk/releases'],
};

function pathAllowed(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)));
}

/** The normalised URL to hand to the OS, or null when the link is not allowed. */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const prefixes = Object.hasOwn(ALLOWED, url.hostname) ? ALLOWED[url.hostname] : undefined;
  if (!prefixes || !pathAllowed(url.pathname, prefixes)) return null;
  return url.href;
}

export function isAllowedExternalUrl(raw: string): boolean {
  return allowedExternalUrl(raw) !== null;
}

export async function openExternalLink(
  shell: { openExternal(url: string): Promise<void> },
  raw: string,
): Promise<boolean> {
  const href = allowedExternalUrl(raw);
  if (href === null) return false;
  // The parsed, re-serialised URL goes to the OS, never the raw string the page sent: the
  // OS handler must see exactly what was checked.
  await shell.openExternal(href);
  return true;
}
