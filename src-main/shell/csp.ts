// The Content-Security-Policy of the renderer, shared by the HTML meta tag (build time)
// and the response header set in main. Pure: imported by electron.vite.config.ts too.

/**
 * No remote content at all: scripts only from the app itself (no 'unsafe-eval', no
 * 'unsafe-inline' scripts). Inline styles are allowed because Vue binds `style`
 * attributes for virtualized rows and chart sizing; styles cannot run code.
 * In dev the Vite server also needs its HMR websocket.
 */
export function contentSecurityPolicy({ dev, meta = false }: { dev: boolean; meta?: boolean }): string {
  const connect = dev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // Browsers ignore frame-ancestors in a <meta> tag (and warn), so only the header carries it.
    ...(meta ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}
