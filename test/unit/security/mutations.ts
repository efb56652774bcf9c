// Every safeguard, undone one at a time. `checklist` is the item of Electron's security
// checklist (electronjs.org/docs/latest/tutorial/security, "Checklist: Security
// recommendations", items 1–20); the others are this project's own rules (DESIGN §6).
// `guards` names what must catch the mutant: unit test files (run on the mutated copy)
// and/or the Electronegativity gate (scripts/security-gate.ts).

export interface Mutation {
  id: string;
  checklist?: number;
  what: string;
  file: string;
  from: string | RegExp;
  to: string;
  guards: { tests?: string[]; gate?: boolean };
}

const WINDOW = 'test/unit/shell/window.test.ts';
const MAIN = 'test/unit/shell/electronMain.test.ts';
const PROTOCOL = 'test/unit/shell/protocol.test.ts';
const PRELOAD = 'test/unit/shell/preload.test.ts';
const UPDATER = 'test/unit/packaging/updater.test.ts';
const FUSES = 'test/unit/packaging/fuses.test.ts';
const BUILDER = 'test/unit/packaging/builderConfig.test.ts';
const WORKFLOW = 'test/unit/packaging/releaseWorkflow.test.ts';
const CHOKE = 'test/unit/security/chokepoints.test.ts';
const CONFIRM = 'test/unit/security/refundConfirm.test.ts';
const WORKSPACE = 'test/unit/workspace/handlers.test.ts';

export const MUTATIONS: Mutation[] = [
  // 1. Only load secure content.
  { id: 'load-remote-page', checklist: 1, what: 'the packaged window loads a remote http page', file: 'src-main/shell/main.ts', from: '`${APP_ORIGIN}/index.html`', to: "'http://refund-desk.example/index.html'", guards: { tests: [MAIN] } },
  // 2. Do not enable Node.js integration for remote content.
  { id: 'node-integration', checklist: 2, what: 'nodeIntegration: true', file: 'src-main/shell/window.ts', from: /\bnodeIntegration: false/, to: 'nodeIntegration: true', guards: { tests: [WINDOW] } },
  { id: 'node-in-subframes', checklist: 2, what: 'nodeIntegrationInSubFrames: true', file: 'src-main/shell/window.ts', from: 'nodeIntegrationInSubFrames: false', to: 'nodeIntegrationInSubFrames: true', guards: { tests: [WINDOW] } },
  { id: 'node-in-worker', checklist: 2, what: 'nodeIntegrationInWorker: true', file: 'src-main/shell/window.ts', from: 'nodeIntegrationInWorker: false', to: 'nodeIntegrationInWorker: true', guards: { tests: [WINDOW] } },
  // 3. Enable context isolation.
  { id: 'context-isolation', checklist: 3, what: 'contextIsolation: false', file: 'src-main/shell/window.ts', from: 'contextIsolation: true', to: 'contextIsolation: false', guards: { tests: [WINDOW, MAIN], gate: true } },
  // 4. Enable process sandboxing.
  { id: 'sandbox', checklist: 4, what: 'sandbox: false', file: 'src-main/shell/window.ts', from: 'sandbox: true', to: 'sandbox: false', guards: { tests: [WINDOW, MAIN], gate: true } },
  // 5. Handle session permission requests from remote content.
  { id: 'permission-granted', checklist: 5, what: 'permission requests granted', file: 'src-main/shell/window.ts', from: 'callback(false)', to: 'callback(true)', guards: { tests: [WINDOW] } },
  { id: 'permission-handler-removed', checklist: 5, what: 'the permission request handler removed', file: 'src-main/shell/window.ts', from: /\n\s*contents\.session\.setPermissionRequestHandler\([^\n]*/, to: '', guards: { tests: [WINDOW], gate: true } },
  { id: 'permission-check-granted', checklist: 5, what: 'permission checks answered true', file: 'src-main/shell/window.ts', from: 'setPermissionCheckHandler(() => false)', to: 'setPermissionCheckHandler(() => true)', guards: { tests: [WINDOW] } },
  // 6. Do not disable webSecurity.
  { id: 'web-security', checklist: 6, what: 'webSecurity: false', file: 'src-main/shell/window.ts', from: 'webSecurity: true', to: 'webSecurity: false', guards: { tests: [WINDOW, MAIN], gate: true } },
  // 7. Define a Content Security Policy.
  { id: 'csp-unsafe-script', checklist: 7, what: "script-src allows 'unsafe-inline' and 'unsafe-eval'", file: 'src-main/shell/csp.ts', from: `"script-src 'self'"`, to: `"script-src 'self' 'unsafe-inline' 'unsafe-eval'"`, guards: { tests: [PROTOCOL] } },
  { id: 'csp-frame-ancestors', checklist: 7, what: 'frame-ancestors dropped from the CSP', file: 'src-main/shell/csp.ts', from: `...(meta ? [] : ["frame-ancestors 'none'"]),`, to: '', guards: { tests: [PROTOCOL] } },
  { id: 'csp-header-dropped', checklist: 7, what: 'the app:// responses lose their CSP header', file: 'src-main/shell/protocol.ts', from: `'content-security-policy': contentSecurityPolicy({ dev: false }),`, to: '', guards: { tests: [PROTOCOL] } },
  { id: 'csp-meta-dropped', checklist: 7, what: 'the built page loses its CSP meta tag', file: 'out/renderer/index.html', from: /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i, to: '', guards: { tests: ['test/unit/packaging/csp.test.ts'] } },
  // 8. Do not enable allowRunningInsecureContent.
  { id: 'insecure-content', checklist: 8, what: 'allowRunningInsecureContent: true', file: 'src-main/shell/window.ts', from: 'allowRunningInsecureContent: false', to: 'allowRunningInsecureContent: true', guards: { tests: [WINDOW], gate: true } },
  // 9. Do not enable experimental features.
  { id: 'experimental-features', checklist: 9, what: 'experimentalFeatures: true', file: 'src-main/shell/window.ts', from: 'experimentalFeatures: false', to: 'experimentalFeatures: true', guards: { tests: [WINDOW], gate: true } },
  // 10. Do not use enableBlinkFeatures.
  { id: 'blink-features', checklist: 10, what: 'enableBlinkFeatures set', file: 'src-main/shell/window.ts', from: "disableBlinkFeatures: 'Auxclick',", to: "disableBlinkFeatures: 'Auxclick', enableBlinkFeatures: 'CSSVariables',", guards: { tests: [WINDOW], gate: true } },
  // 11. <webview>: do not use allowpopups (here: no webview tag at all).
  { id: 'webview-tag', checklist: 11, what: 'webviewTag: true', file: 'src-main/shell/window.ts', from: 'webviewTag: false', to: 'webviewTag: true', guards: { tests: [WINDOW, MAIN] } },
  // 12. Verify WebView options before creation.
  { id: 'will-attach-webview', checklist: 12, what: 'the will-attach-webview handler removed', file: 'src-main/shell/window.ts', from: /\n\s*contents\.on\('will-attach-webview'[^\n]*/, to: '', guards: { tests: [WINDOW] } },
  // 13. Disable or limit navigation.
  { id: 'will-navigate', checklist: 13, what: 'the will-navigate handler lets every URL through', file: 'src-main/shell/window.ts', from: `contents.on('will-navigate', (event, url) => {\n    if (!isAppUrl(url)) {`, to: `contents.on('will-navigate', (event, url) => {\n    if (false as boolean) {`, guards: { tests: [WINDOW, MAIN] } },
  { id: 'will-redirect', checklist: 13, what: 'the will-redirect handler removed', file: 'src-main/shell/window.ts', from: /\n\s*contents\.on\('will-redirect'[\s\S]*?\n\s*\}\);/, to: '', guards: { tests: [WINDOW] } },
  { id: 'drag-drop-navigation', checklist: 13, what: 'navigateOnDragDrop: true', file: 'src-main/shell/window.ts', from: 'navigateOnDragDrop: false', to: 'navigateOnDragDrop: true', guards: { tests: [WINDOW] } },
  // 14. Disable or limit creation of new windows.
  { id: 'window-open', checklist: 14, what: 'window.open allowed', file: 'src-main/shell/window.ts', from: "return { action: 'deny' };", to: "return { action: 'allow' };", guards: { tests: [WINDOW, MAIN] } },
  { id: 'auxclick', checklist: 14, what: 'middle-click (Auxclick) re-enabled', file: 'src-main/shell/window.ts', from: "      disableBlinkFeatures: 'Auxclick',\n", to: '', guards: { tests: [WINDOW] } },
  // 15. Do not use shell.openExternal with untrusted content.
  { id: 'open-external-no-dot', checklist: 15, what: 'the host check matches by suffix without the dot (evilstripe.com)', file: 'src-main/shell/links.ts', from: 'Object.hasOwn(ALLOWED, url.hostname) ? ALLOWED[url.hostname] : undefined', to: 'Object.entries(ALLOWED).find(([h]) => url.hostname.endsWith(h))?.[1]', guards: { tests: [PROTOCOL] } },
  { id: 'open-external-http', checklist: 15, what: 'openExternal accepts any scheme', file: 'src-main/shell/links.ts', from: "url.protocol !== 'https:' || ", to: '', guards: { tests: [PROTOCOL, MAIN] } },
  { id: 'open-external-any-path', checklist: 15, what: 'openExternal accepts any path of an allowed host', file: 'src-main/shell/links.ts', from: '!pathAllowed(url.pathname, prefixes)', to: 'false', guards: { tests: [PROTOCOL] } },
  { id: 'open-external-raw', checklist: 15, what: 'the raw string, not the normalised href, goes to the OS', file: 'src-main/shell/links.ts', from: 'await shell.openExternal(href);', to: 'await shell.openExternal(raw);', guards: { tests: [PROTOCOL] } },
  { id: 'open-external-bypass', checklist: 15, what: 'shell.openExternal called outside links.ts', file: 'src-main/shell/main.ts', from: 'openExternal: (url) => openExternalLink(shell, url),', to: 'openExternal: async (url) => { await shell.openExternal(url); return true; },', guards: { tests: [CHOKE] } },
  // 16. Use a current version of Electron.
  { id: 'old-electron', checklist: 16, what: 'Electron downgraded to an unsupported major', file: 'package.json', from: /"electron": "\^\d+/, to: '"electron": "^30', guards: { tests: [CHOKE] } },
  // 17. Validate the sender of all IPC messages.
  { id: 'ipc-sender-unchecked', checklist: 17, what: 'the sender check skipped', file: 'src-main/ipc/handle.ts', from: 'if (!isTrustedSender(event, policy)) {', to: 'if (false as boolean) {', guards: { tests: [MAIN] } },
  { id: 'ipc-subframes', checklist: 17, what: 'sub-frames may call main', file: 'src-main/ipc/handle.ts', from: 'if (!frame || frame.parent !== null) return false;', to: 'if (!frame) return false;', guards: { tests: [MAIN] } },
  { id: 'ipc-any-origin', checklist: 17, what: 'any origin may call main', file: 'src-main/ipc/handle.ts', from: 'return policy.allowedOrigins.includes(origin);', to: 'return origin.length > 0;', guards: { tests: [MAIN] } },
  { id: 'ipc-any-window', checklist: 17, what: 'other windows may call main', file: 'src-main/ipc/handle.ts', from: 'if (!policy.isOwnWebContents(event.sender.id)) return false;', to: '', guards: { tests: [MAIN] } },
  // 18. Avoid usage of the file:// protocol and prefer custom protocols.
  { id: 'file-privileges', checklist: 18, what: 'file:// keeps its extra privileges (fuse)', file: 'electron-builder.yml', from: 'grantFileProtocolExtraPrivileges: false', to: 'grantFileProtocolExtraPrivileges: true', guards: { tests: [FUSES] } },
  { id: 'app-traversal', checklist: 18, what: 'app:// serves files outside the renderer folder', file: 'src-main/shell/protocol.ts', from: 'return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;', to: 'return file;', guards: { tests: [PROTOCOL] } },
  { id: 'app-other-hosts', checklist: 18, what: 'app:// answers for any host', file: 'src-main/shell/protocol.ts', from: ' || url.host !== APP_HOST', to: '', guards: { tests: [PROTOCOL] } },
  // 19. Check which fuses you can change.
  { id: 'fuse-run-as-node', checklist: 19, what: 'ELECTRON_RUN_AS_NODE allowed', file: 'electron-builder.yml', from: 'runAsNode: false', to: 'runAsNode: true', guards: { tests: [FUSES] } },
  { id: 'fuse-inspect', checklist: 19, what: '--inspect allowed', file: 'electron-builder.yml', from: 'enableNodeCliInspectArguments: false', to: 'enableNodeCliInspectArguments: true', guards: { tests: [FUSES] } },
  { id: 'fuse-node-options', checklist: 19, what: 'NODE_OPTIONS honoured', file: 'electron-builder.yml', from: 'enableNodeOptionsEnvironmentVariable: false', to: 'enableNodeOptionsEnvironmentVariable: true', guards: { tests: [FUSES] } },
  { id: 'fuse-asar-integrity', checklist: 19, what: 'asar integrity not validated', file: 'electron-builder.yml', from: 'enableEmbeddedAsarIntegrityValidation: true', to: 'enableEmbeddedAsarIntegrityValidation: false', guards: { tests: [FUSES] } },
  { id: 'fuse-asar-only', checklist: 19, what: 'the app may load from outside the asar', file: 'electron-builder.yml', from: 'onlyLoadAppFromAsar: true', to: 'onlyLoadAppFromAsar: false', guards: { tests: [FUSES] } },
  // 20. Do not expose Electron APIs to untrusted web content.
  { id: 'preload-raw-ipc', checklist: 20, what: 'the preload exposes ipcRenderer', file: 'src-main/preload/index.ts', from: "contextBridge.exposeInMainWorld('desk', desk);", to: "contextBridge.exposeInMainWorld('desk', { ...desk, ipc: ipcRenderer });", guards: { tests: [PRELOAD] } },

  // The project's own safeguards.
  { id: 'schema-not-strict', what: 'a channel schema accepts unknown keys', file: 'src-main/ipc/channels/app.ts', from: "'app:info': channel<AppInfoDto>()(z.strictObject({}))", to: "'app:info': channel<AppInfoDto>()(z.object({}))", guards: { tests: [MAIN] } },
  { id: 'payload-unparsed', what: 'a payload failing its schema still reaches the handler', file: 'src-main/ipc/handle.ts', from: 'if (!parsed.success) {', to: 'if (false as boolean) {', guards: { tests: [MAIN] } },
  { id: 'malformed-percent', what: 'malformed %-encoding rejects the protocol handler', file: 'src-main/shell/protocol.ts', from: /let relative: string;\n\s*try \{\n\s*(relative = [^\n]*)\n\s*\} catch \{[\s\S]*?return null;\n\s*\}/, to: 'const relative = $1', guards: { tests: [PROTOCOL] } },
  { id: 'devtools-default', what: 'DevTools on unless asked otherwise', file: 'src-main/shell/window.ts', from: '{ devTools = false }', to: '{ devTools = true }', guards: { tests: [WINDOW] } },
  { id: 'devtools-packaged', what: 'DevTools on in packaged builds', file: 'src-main/shell/main.ts', from: '{ devTools: !app.isPackaged }', to: '{ devTools: true }', guards: { tests: [MAIN] } },
  { id: 'menu-devtools', what: 'packaged builds keep Reload and Toggle DevTools in the menu', file: 'src-main/shell/window.ts', from: 'if (!packaged) {', to: 'if (packaged || !packaged) {', guards: { tests: [WINDOW, MAIN] } },
  { id: 'allow-downgrade', what: 'autoUpdater.allowDowngrade = true', file: 'src-main/shell/updater.ts', from: 'autoUpdater.allowDowngrade = false;', to: 'autoUpdater.allowDowngrade = true;', guards: { tests: [UPDATER] } },
  { id: 'linux-in-place', what: 'Linux AppImage/deb updates installed in place', file: 'src-main/shell/updater.ts', from: "const inPlace = platform !== 'linux';", to: 'const inPlace = true;', guards: { tests: [UPDATER] } },
  { id: 'unsigned-builds', what: 'forceCodeSigning off', file: 'electron-builder.yml', from: 'forceCodeSigning: true', to: 'forceCodeSigning: false', guards: { tests: [BUILDER] } },
  { id: 'publisher-unpinned', what: 'no Windows publisherName pinned', file: 'electron-builder.yml', from: /\n\s*signtoolOptions:\n\s*publisherName:\n\s*- Refund Desk team/, to: '', guards: { tests: [BUILDER] } },
  { id: 'release-without-secrets', what: 'the release runs without signing secrets', file: '.github/workflows/release.yml', from: /\n\s*exit 1\n/, to: '\n', guards: { tests: [WORKFLOW] } },
  { id: 'action-by-tag', what: 'an action pinned by a tag again', file: '.github/workflows/release.yml', from: /softprops\/action-gh-release@[0-9a-f]{40} # v3\.0\.0/, to: 'softprops/action-gh-release@v3', guards: { tests: [WORKFLOW] } },
  { id: 'refund-unconfirmed', what: 'refunds:create skips main\'s confirmation', file: 'src-main/refunds/handlers.ts', from: 'if (confirmation) await confirmInMain(', to: 'if (false as boolean) await confirmInMain(', guards: { tests: [CONFIRM] } },
  { id: 'refund-confirm-not-wired', what: 'the app starts its services without main\'s refund confirmation', file: 'src-main/shell/main.ts', from: '        confirmRefund: createConfirmDialog(dialog, () => mainWindow),\n', to: '', guards: { tests: [CHOKE] } },
  { id: 'refund-refusal-ignored', what: 'the agent\'s "Cancel" in main\'s dialog is ignored', file: 'src-main/refunds/handlers.ts', from: 'if (!(await confirm(confirmation))) {', to: 'if (!(await confirm(confirmation)) && false) {', guards: { tests: [CONFIRM] } },
  { id: 'refund-dialog-default-yes', what: 'Enter confirms the refund (default button)', file: 'src-main/shell/dialogs.ts', from: 'defaultId: 0', to: 'defaultId: 1', guards: { tests: [CONFIRM] } },
  { id: 'refund-dialog-bidi', what: 'store text with bidi/control characters reaches main\'s dialog', file: 'src-main/refunds/confirm.ts', from: "const clean = text.replace(UNSAFE, '\\ufffd');", to: 'const clean = text;', guards: { tests: [CONFIRM] } },
  { id: 'agent-rename-unaudited', what: 'an agent rename leaves no audit entry', file: 'src-main/workspace/handlers.ts', from: 'if (patch.agentName !== undefined && patch.agentName !== before) {', to: 'if (false as boolean) {', guards: { tests: [WORKSPACE] } },
  { id: 'agent-name-bidi', what: 'bidi marks accepted in the agent name', file: 'src-main/ipc/channels/workspace.ts', from: /const BIDI = \/[^\n]*\/;/, to: 'const BIDI = /(?!)/;', guards: { tests: [WORKSPACE] } },
  { id: 'agent-name-control', what: 'control characters accepted in the agent name', file: 'src-main/ipc/channels/workspace.ts', from: '      agentName: agentName.optional(),', to: '      agentName: z.string().trim().max(80).optional(),', guards: { tests: [WORKSPACE] } },
  { id: 'workspace-path-over-ipc', what: 'workspace:get sends the absolute database path', file: 'src-main/workspace/handlers.ts', from: 'file: basename(workspace.file),', to: 'file: workspace.file,', guards: { tests: [WORKSPACE] } },
  { id: 'data-dir-over-ipc', what: 'app:info sends the absolute data folder', file: 'src-main/services.ts', from: 'dataDir: basename(dataDir),', to: 'dataDir,', guards: { tests: ['test/unit/workspace/services.test.ts'] } },
];
