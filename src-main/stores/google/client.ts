// The Android Publisher client: the official SDK, authorized by a service-account JWT.
// In tests (and only there) `endpoint` points both the API and the token request at a
// local server; the JWT's audience stays Google's token URL, as Google requires.
import { androidpublisher, type androidpublisher_v3 } from '@googleapis/androidpublisher';
import { JWT } from 'google-auth-library';
import { DeskError } from '../../ipc/define';
import type { GoogleCredential } from '../../secrets/credentials';

export const PUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
/** google-auth-library posts the JWT bearer grant here; it is not configurable in v11. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface GoogleEndpoint {
  rootUrl: string;
  tokenUrl: string;
}

export type Publisher = androidpublisher_v3.Androidpublisher;

interface ServiceAccountJson {
  client_email?: unknown;
  private_key?: unknown;
  private_key_id?: unknown;
}

export function parseServiceAccount(json: string): { email: string; key: string; keyId: string | undefined } {
  let sa: ServiceAccountJson;
  try {
    sa = JSON.parse(json) as ServiceAccountJson;
  } catch {
    throw new DeskError('invalid_input', 'The Google service-account key is not valid JSON. Paste the whole JSON file from Google Cloud.');
  }
  if (typeof sa.client_email !== 'string' || typeof sa.private_key !== 'string') {
    throw new DeskError('invalid_input', 'The Google service-account key lacks client_email or private_key.');
  }
  return {
    email: sa.client_email,
    key: sa.private_key,
    keyId: typeof sa.private_key_id === 'string' ? sa.private_key_id : undefined,
  };
}

export interface PublisherClient {
  publisher: Publisher;
  /**
   * Forgets the cached access token so the next call fetches a new one. Google can stop
   * accepting a token before its own expiry (a 401 from the API); google-auth-library 11
   * keeps sending the cached token until `expiry_date` passes, and its
   * `forceRefreshOnFailure` does not cover the JWT client, so the adapter marks the
   * token expired itself (any past time: 0 would read as "no expiry known").
   */
  renewToken(): void;
}

export function createPublisher(credential: GoogleCredential, endpoint?: GoogleEndpoint): PublisherClient {
  const sa = parseServiceAccount(credential.serviceAccountJson);
  const auth = new JWT({ email: sa.email, key: sa.key, keyId: sa.keyId, scopes: [PUBLISHER_SCOPE] });
  if (endpoint) {
    auth.transporter.interceptors.request.add({
      resolved: async (opts) => {
        if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(endpoint.tokenUrl);
        return opts;
      },
    });
  }
  return {
    publisher: androidpublisher({ version: 'v3', auth, ...(endpoint ? { rootUrl: endpoint.rootUrl } : {}) }),
    renewToken: () => {
      auth.credentials = { ...auth.credentials, expiry_date: 1 };
    },
  };
}
