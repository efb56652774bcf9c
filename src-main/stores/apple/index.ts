export { createAppleAdapter, HISTORY_DAYS, type AppleAdapter, type AppleAdapterOptions, type ConsumptionAnswer } from './adapter';
export { appleCapabilities, appleCustomerReply, APPLE_REFUND_URL, APPLE_SUPPORT_URL } from './capabilities';
export { AppleVerificationError, createAppleVerifier } from './verify';
export { readAppleRootCertificates, defaultResourcesDir, APPLE_ROOT_FILE } from './roots';
export { CONSUMPTION_WINDOW_MS } from './map';
