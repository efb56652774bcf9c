// Verification of everything Apple signs (notifications, transactions, renewal info),
// through the library's SignedDataVerifier only. A payload that fails is rejected with
// words an agent can act on, and the caller stores nothing of it.
import {
  Environment as AppleEnvironment,
  SignedDataVerifier,
  VerificationException,
  VerificationStatus,
  type JWSRenewalInfoDecodedPayload,
  type JWSTransactionDecodedPayload,
  type ResponseBodyV2DecodedPayload,
} from '@apple/app-store-server-library';
import type { Environment } from '../../ipc/vocabulary';
import type { AppleCredential } from '../../secrets/credentials';

export class AppleVerificationError extends Error {
  constructor(
    message: string,
    readonly status: VerificationStatus | null,
    /** Only OCSP reachability failures: trying again later can help. */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'AppleVerificationError';
  }
}

export function appleEnvironment(env: Environment): AppleEnvironment {
  if (env === 'production') return AppleEnvironment.PRODUCTION;
  if (env === 'sandbox') return AppleEnvironment.SANDBOX;
  // The library skips signature checks for Xcode and LocalTesting; a credential that
  // names them (a tampered keychain entry) must never turn verification off.
  throw new AppleVerificationError(`Unsupported Apple environment "${String(env)}": only production and sandbox are accepted.`, null);
}

const UNSIGNED_ENVIRONMENTS = new Set<string>([AppleEnvironment.XCODE, AppleEnvironment.LOCAL_TESTING]);

function peekPayload(jws: string): Record<string, unknown> {
  const part = jws.split('.')[1];
  try {
    return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new AppleVerificationError('Apple payload rejected: it is not a readable JWS.', VerificationStatus.FAILURE);
  }
}

/**
 * Xcode and StoreKit Testing (LocalTesting) data is not signed by the App Store, and the
 * library returns it unverified when told those environments. The real API never sends
 * them, so a payload that claims one is refused before verification is even tried.
 */
function refuseUnsignedEnvironment(jws: string, what: string): void {
  const p = peekPayload(jws);
  const data = (p.data ?? p.summary) as Record<string, unknown> | undefined;
  const env = (data?.environment ?? p.environment) as string | undefined;
  if (env && UNSIGNED_ENVIRONMENTS.has(env)) {
    throw new AppleVerificationError(
      `Apple ${what} rejected: it claims the "${env}" environment, whose data Apple does not sign; the App Store Server API never sends it.`,
      VerificationStatus.INVALID_ENVIRONMENT,
    );
  }
}

const WORDS: Record<number, string> = {
  [VerificationStatus.VERIFICATION_FAILURE]:
    'its signature or certificate chain does not verify against Apple Root CA G3 (wrong root, missing Apple marker OIDs, or edited content)',
  [VerificationStatus.RETRYABLE_VERIFICATION_FAILURE]: "Apple's certificate status service (OCSP) could not be reached",
  [VerificationStatus.INVALID_APP_IDENTIFIER]: 'it is for another app (bundle ID or App Apple ID does not match this workspace)',
  [VerificationStatus.INVALID_ENVIRONMENT]: 'it is from another environment than the configured one',
  [VerificationStatus.INVALID_CHAIN_LENGTH]: 'its certificate chain does not have the three certificates Apple uses',
  [VerificationStatus.INVALID_CERTIFICATE]: 'a certificate in its chain is malformed, expired or not yet valid',
  [VerificationStatus.FAILURE]: 'it is malformed',
};

function explain(e: unknown, what: string): AppleVerificationError {
  if (e instanceof AppleVerificationError) return e;
  if (e instanceof VerificationException) {
    const retryable = e.status === VerificationStatus.RETRYABLE_VERIFICATION_FAILURE;
    return new AppleVerificationError(`Apple ${what} rejected: ${WORDS[e.status] ?? 'verification failed'}.`, e.status, retryable);
  }
  return new AppleVerificationError(`Apple ${what} rejected: ${e instanceof Error ? e.message : String(e)}.`, null);
}

export interface AppleVerifier {
  notification(signedPayload: string): Promise<ResponseBodyV2DecodedPayload>;
  transaction(signed: string): Promise<JWSTransactionDecodedPayload>;
  renewal(signed: string): Promise<JWSRenewalInfoDecodedPayload>;
}

export function createAppleVerifier(
  credential: AppleCredential,
  rootCertificates: Buffer[],
  enableOnlineChecks: boolean,
): AppleVerifier {
  // The library checks the App Apple ID only in production (Apple omits it in the sandbox).
  const verifier = new SignedDataVerifier(
    rootCertificates,
    enableOnlineChecks,
    appleEnvironment(credential.environment),
    credential.bundleId,
    credential.appAppleId,
  );
  const run = async <T>(jws: string, what: string, fn: (s: string) => Promise<T>): Promise<T> => {
    refuseUnsignedEnvironment(jws, what);
    try {
      return await fn(jws);
    } catch (e) {
      throw explain(e, what);
    }
  };
  return {
    notification: (s) => run(s, 'notification', (x) => verifier.verifyAndDecodeNotification(x)),
    transaction: (s) => run(s, 'transaction', (x) => verifier.verifyAndDecodeTransaction(x)),
    renewal: (s) => run(s, 'renewal info', (x) => verifier.verifyAndDecodeRenewalInfo(x)),
  };
}
