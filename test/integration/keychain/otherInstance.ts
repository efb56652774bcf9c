// A second app instance, as a separate process: opens the keychain through the same
// keytar SecretStore and reports what it sees. Prints a digest, never the value.
//   node --import tsx otherInstance.ts probe
//   node --import tsx otherInstance.ts get <name>
//   node --import tsx otherInstance.ts set <name>      (value on stdin)
//   node --import tsx otherInstance.ts delete <name>
import { createHash } from 'node:crypto';
import { createKeytarSecretStore } from '../../../src-main/secrets/keytarStore';

const digest = (v: string) => createHash('sha256').update(v).digest('hex');

async function stdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<unknown> {
  const [op, name] = process.argv.slice(2);
  const store = createKeytarSecretStore({ probeTimeoutMs: 5_000 });
  switch (op) {
    case 'probe':
      return store.probe();
    case 'get': {
      const v = await store.get(name!);
      return v === null ? { found: false } : { found: true, sha256: digest(v), length: v.length };
    }
    case 'set':
      await store.set(name!, await stdin());
      return { done: true };
    case 'delete':
      return { deleted: await store.delete(name!) };
    default:
      throw new Error(`unknown op ${op}`);
  }
}

main().then(
  (r) => process.stdout.write(JSON.stringify(r)),
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
    process.exitCode = 1;
  },
);
