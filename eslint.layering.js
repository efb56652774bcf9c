// The layering of src-main as one lint rule, in the manner of VS Code's code-layering:
// each folder (layer) names what it may import, by path inside src-main, whatever the
// depth of the importing file. Relative imports are resolved before they are checked,
// so `../../db/x` from stores/google/ is caught as well as `../db/x` from stores/.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

const SRC = resolve(import.meta.dirname, 'src-main');

/**
 * The pure contract every main layer may use: DTOs, schemas, the vocabulary, DeskError, and
 * ipc/storeError, the one StoreError -> DeskError translation at the edge.
 */
const CONTRACT = ['ipc/contract', 'ipc/define', 'ipc/vocabulary', 'ipc/channels/*', 'ipc/context', 'ipc/storeError'];
/** A store folder's barrel (stores/<x>/index.ts) and the shared store modules. */
const STORE_BARRELS = ['stores/<barrel>', 'stores/adapter', 'stores/errors', 'stores/http'];
const SERVICES = ['db', 'domain', ...CONTRACT, ...STORE_BARRELS];

/** layer -> what it may import besides its own files. Layers not listed are not restricted. */
export const LAYERS = {
  domain: { may: ['ipc/vocabulary'], why: 'domain/ is pure: it imports only its own files and ipc/vocabulary' },
  db: { may: ['domain', ...CONTRACT], why: 'db/ may import only domain/ and the IPC contract' },
  stores: { may: ['domain', ...CONTRACT, 'secrets/credentials'], why: 'stores/ may import only domain/, the IPC contract and the credential types (secrets/credentials)' },
  sync: { may: SERVICES, why: 'sync/ may import only db/, domain/, the IPC contract and store barrels (stores/<x>, stores/adapter, stores/errors, stores/http)' },
  refunds: { may: SERVICES, why: 'refunds/ may import only db/, domain/, the IPC contract and store barrels (stores/<x>, stores/adapter, stores/errors, stores/http)' },
  // Insights run in a worker thread (DESIGN §8): the generic runner is infrastructure, like db/.
  insights: { may: [...SERVICES, 'worker/runner'], why: 'insights/ may import only db/, domain/, the IPC contract, store barrels (stores/<x>, stores/adapter, stores/errors, stores/http) and worker/runner' },
};

/** Only these folders may import electron: the rest of main runs (and is tested) in plain Node. */
export const ELECTRON_LAYERS = ['shell', 'preload'];

/** 'stores/google/index' -> 'stores/google'; extensions dropped. */
function moduleOf(file) {
  return relative(SRC, file).split(sep).join('/').replace(/\.(ts|js|mjs|cjs)$/, '').replace(/\/index$/, '');
}

function matches(target, entry) {
  if (entry === 'stores/<barrel>') {
    const m = /^stores\/([^/]+)$/.exec(target);
    const dir = m && resolve(SRC, 'stores', m[1]);
    return !!dir && existsSync(dir) && statSync(dir).isDirectory();
  }
  if (entry.endsWith('/*')) {
    const base = entry.slice(0, -2);
    return target.startsWith(`${base}/`) && !target.slice(base.length + 1).includes('/');
  }
  // A layer name allows the whole folder; a path allows that module only.
  return entry.includes('/') ? target === entry : target === entry || target.startsWith(`${entry}/`);
}

/** @type {import('eslint').Rule.RuleModule} */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each src-main layer imports only what the layering table allows.' },
    schema: [],
    messages: {
      layer: "{{from}} may not import {{target}}: {{why}}.",
      electron: "{{from}} may not import electron: only src-main/shell/ and src-main/preload/ do; pass what you need in (see services.ts).",
    },
  },
  create(context) {
    const file = context.filename;
    if (!file.startsWith(SRC + sep)) return {};
    const from = moduleOf(file);
    const layer = from.split('/')[0];
    const rule = LAYERS[layer];

    function check(node) {
      const spec = node.source && typeof node.source.value === 'string' ? node.source.value : null;
      if (!spec) return;
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (!ELECTRON_LAYERS.includes(layer)) context.report({ node: node.source, messageId: 'electron', data: { from: `src-main/${from}` } });
        return;
      }
      if (!rule || !spec.startsWith('.')) return;
      const abs = resolve(dirname(file), spec);
      if (!abs.startsWith(SRC + sep)) return;
      const target = moduleOf(abs);
      if (target.split('/')[0] === layer) return;
      if (rule.may.some((entry) => matches(target, entry))) return;
      context.report({ node: node.source, messageId: 'layer', data: { from: `src-main/${from}`, target: `src-main/${target}`, why: rule.why } });
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export const layering = { rules: { imports: importsRule } };
